package io.mre.engine.decide;

import io.mre.spi.Evaluation;
import io.mre.spi.Policy;
import io.mre.spi.Verdict;

/**
 * Runs one policy and never lets a failure through: an exception (or, in runners with a time limit, a timeout)
 * becomes REJECT "policy error: ...". The plugin loader provides a runner with time limits.
 */
@FunctionalInterface
public interface PolicyRunner {
    /** Runs {@code policy} on {@code evaluation}; must not throw. */
    Verdict run(Policy policy, Evaluation evaluation);

    /** Runs the policy on the calling thread; exceptions and a null verdict fail closed. */
    PolicyRunner DIRECT = (policy, evaluation) -> {
        try {
            Verdict v = policy.evaluate(evaluation);
            return v == null ? Verdict.reject("policy error: " + policy.name() + " returned no verdict") : v;
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            return Verdict.reject("policy error: " + policy.name() + " failed: " + e);
        }
    };
}
