package io.mre.node.plugins;

import static java.util.Objects.requireNonNull;

import io.mre.node.config.Limits;
import java.time.Duration;

/**
 * How long a plugin may run and how many may overrun, as the node's one invoker takes them (the call limit and the
 * cap come from {@code node.yaml}: {@code limits.pluginTimeLimit}, {@code limits.maxOverrunningPlugins}). Every call
 * into a plugin runs under them: policies, advisors and reentry expression evaluators under {@code callLimit},
 * operation handlers under their step's timeout or else {@code handlerLimit}.
 *
 * @param callLimit the time limit of a policy, an advisor or an expression evaluator
 * @param handlerLimit the time limit of an operation handler whose step sets no timeout of its own
 * @param maxOverrunning how many calls may still be running past their limit before further calls are refused
 */
public record PluginLimits(Duration callLimit, Duration handlerLimit, int maxOverrunning) {
    /** A policy that takes longer than this counts as REJECT ("policy error: … exceeded its time limit"). */
    public static final Duration DEFAULT_CALL_LIMIT = Limits.DEFAULT_PLUGIN_TIME_LIMIT;
    /** A handler whose step has no timeout fails with a retryable TIMEOUT after this. */
    public static final Duration DEFAULT_HANDLER_LIMIT = Duration.ofMinutes(5);
    /** Abandoned calls still running before the invoker refuses to start more. */
    public static final int DEFAULT_MAX_OVERRUNNING = Limits.DEFAULT_MAX_OVERRUNNING_PLUGINS;

    /** The defaults above. */
    public static final PluginLimits DEFAULTS =
            new PluginLimits(DEFAULT_CALL_LIMIT, DEFAULT_HANDLER_LIMIT, DEFAULT_MAX_OVERRUNNING);

    public PluginLimits {
        requireNonNull(callLimit, "callLimit is null");
        requireNonNull(handlerLimit, "handlerLimit is null");
        if (callLimit.isNegative() || callLimit.isZero()) {
            throw new IllegalArgumentException("plugin time limit must be positive: " + callLimit);
        }
        if (handlerLimit.isNegative() || handlerLimit.isZero()) {
            throw new IllegalArgumentException("handler time limit must be positive: " + handlerLimit);
        }
        if (maxOverrunning < 1) {
            throw new IllegalArgumentException("maxOverrunning must be >= 1: " + maxOverrunning);
        }
    }

    /** The limits a node's configuration sets. */
    public static PluginLimits of(Limits limits) {
        return new PluginLimits(limits.pluginTimeLimit(), DEFAULT_HANDLER_LIMIT, limits.maxOverrunningPlugins());
    }

    /** These limits with another call limit. */
    public PluginLimits withCallLimit(Duration limit) {
        return new PluginLimits(limit, handlerLimit, maxOverrunning);
    }

    /** These limits with another overrun cap. */
    public PluginLimits withMaxOverrunning(int max) {
        return new PluginLimits(callLimit, handlerLimit, max);
    }
}
