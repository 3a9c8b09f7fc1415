package io.mre.engine;

import static java.util.Objects.requireNonNull;

import io.mre.engine.decide.PluginFailures;
import io.mre.engine.decide.PolicyRunner;
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
 * @param policyRunner how a policy is run (fail closed; the node's runner adds time limits and reports failures)
 * @param failures where an advisor or handler that threw is reported (policies: by their runner)
 */
public record Plugins(List<Policy> policies, List<Advisor> advisors, Map<String, OperationHandler> handlers,
        PolicyRunner policyRunner, PluginFailures failures) {
    public Plugins {
        policies = List.copyOf(policies);
        advisors = List.copyOf(advisors);
        handlers = Map.copyOf(handlers);
        requireNonNull(policyRunner, "policyRunner is null");
        requireNonNull(failures, "failures is null");
    }

    /** Plugins whose advisor and handler failures are only recorded in entries, not reported. */
    public Plugins(List<Policy> policies, List<Advisor> advisors, Map<String, OperationHandler> handlers,
            PolicyRunner policyRunner) {
        this(policies, advisors, handlers, policyRunner, PluginFailures.NONE);
    }

    /** Plugins run directly on the calling thread; handlers keyed by their operation. */
    public static Plugins of(List<Policy> policies, List<Advisor> advisors, List<OperationHandler> handlers) {
        Map<String, OperationHandler> byOperation = new HashMap<>();
        for (OperationHandler h : handlers) {
            if (byOperation.putIfAbsent(h.operation(), h) != null) {
                throw new IllegalArgumentException("two handlers for operation '" + h.operation() + "'");
            }
        }
        return new Plugins(policies, advisors, byOperation, PolicyRunner.DIRECT);
    }
}
