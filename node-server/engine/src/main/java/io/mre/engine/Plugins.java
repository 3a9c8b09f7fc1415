package io.mre.engine;

import static java.util.Objects.requireNonNull;

import io.mre.engine.decide.PluginCalls;
import io.mre.engine.decide.PluginFailures;
import io.mre.engine.decide.PluginInvoker;
import io.mre.spi.Advisor;
import io.mre.spi.OperationHandler;
import io.mre.spi.Policy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The local policy, cognition and execution of a node: its policies, advisors and operation handlers.
 *
 * @param policies consulted on every candidate action, in order
 * @param advisors consulted once per cycle, in order
 * @param handlers by operation name
 * @param invoker how every call into a plugin is run (the node's invoker adds the thread, time limit, overrun cap
 *     and context class loader)
 * @param failures where a plugin that threw is reported
 */
public record Plugins(
        List<Policy> policies,
        List<Advisor> advisors,
        Map<String, OperationHandler> handlers,
        PluginInvoker invoker,
        PluginFailures failures) {
    public Plugins {
        policies = List.copyOf(policies);
        advisors = List.copyOf(advisors);
        handlers = Map.copyOf(handlers);
        requireNonNull(invoker, "invoker is null");
        requireNonNull(failures, "failures is null");
    }

    /** Plugins whose failures are only recorded in entries, not reported. */
    public Plugins(
            List<Policy> policies,
            List<Advisor> advisors,
            Map<String, OperationHandler> handlers,
            PluginInvoker invoker) {
        this(policies, advisors, handlers, invoker, PluginFailures.NONE);
    }

    /** The calls into these plugins, through {@link #invoker()}, failing closed. */
    public PluginCalls calls() {
        return new PluginCalls(invoker, failures);
    }

    /** Plugins run directly on the calling thread; handlers keyed by their operation. */
    public static Plugins of(List<Policy> policies, List<Advisor> advisors, List<OperationHandler> handlers) {
        Map<String, OperationHandler> byOperation = new HashMap<>();
        for (OperationHandler h : handlers) {
            if (byOperation.putIfAbsent(h.operation(), h) != null) {
                throw new IllegalArgumentException("two handlers for operation '" + h.operation() + "'");
            }
        }
        return new Plugins(policies, advisors, byOperation, PluginInvoker.DIRECT);
    }
}
