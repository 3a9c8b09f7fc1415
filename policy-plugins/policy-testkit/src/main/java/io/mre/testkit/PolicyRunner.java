package io.mre.testkit;

import static java.util.Objects.requireNonNull;

import io.mre.engine.decide.PluginCalls;
import io.mre.engine.decide.PluginFailures;
import io.mre.engine.decide.PluginInvoker;
import io.mre.spi.Evaluation;
import io.mre.spi.Policy;
import io.mre.spi.Verdict;
import java.time.Duration;
import java.util.Optional;

/**
 * How the kit runs a policy; it never throws and never lets a failure through: an exception or a null verdict is a
 * REJECT "policy error: …", exactly as on a node. {@link #DIRECT} runs on the calling thread;
 * {@link #withTimeLimit(Duration)} adds the node's time limit ("policy error: … exceeded its time limit of N ms").
 * Give one to {@link PolicyHarness#withRunner} or {@link EngineHarness#withRunner}.
 */
@FunctionalInterface
public interface PolicyRunner {
    /** Runs {@code policy} on {@code evaluation}; must not throw. */
    Verdict run(Policy policy, Evaluation evaluation);

    /** Runs the policy on the calling thread, failing closed as the engine does. */
    PolicyRunner DIRECT = through(PluginInvoker.DIRECT);

    /** Runs the policy with a time limit, failing closed as a node does when a policy is too slow. */
    static PolicyRunner withTimeLimit(Duration limit) {
        requireNonNull(limit, "limit is null");
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("time limit must be positive: " + limit);
        }
        return through(new PluginInvoker() {
            @Override
            public <T> Outcome<T> invoke(
                    PluginFailures.Kind kind,
                    String name,
                    Object plugin,
                    Optional<Duration> own,
                    java.util.concurrent.Callable<T> body) {
                return PluginInvoker.DIRECT.invoke(kind, name, plugin, own.or(() -> Optional.of(limit)), body);
            }
        });
    }

    private static PolicyRunner through(PluginInvoker invoker) {
        PluginCalls calls = new PluginCalls(invoker, PluginFailures.NONE);
        return (policy, evaluation) -> calls.policy(requireNonNull(policy, "policy is null"), evaluation);
    }
}
