package io.mre.node.plugins;

import io.mre.engine.decide.PolicyRunner;
import io.mre.spi.Evaluation;
import io.mre.spi.Policy;
import io.mre.spi.Verdict;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs each policy on a virtual thread with a time limit and fails closed: an exception, a null verdict or a
 * timeout becomes REJECT "policy error: …", recorded in the entry. A policy never lets an action through by failing.
 */
public final class TimeLimitedPolicyRunner implements PolicyRunner, AutoCloseable {
    private final Duration limit;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    public TimeLimitedPolicyRunner(Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("policy time limit must be positive: " + limit);
        }
        this.limit = limit;
    }

    @Override
    public Verdict run(Policy policy, Evaluation evaluation) {
        Future<Verdict> f = threads.submit(() -> policy.evaluate(evaluation));
        try {
            Verdict v = f.get(limit.toNanos(), TimeUnit.NANOSECONDS);
            return v == null ? Verdict.reject("policy error: " + policy.name() + " returned no verdict") : v;
        } catch (TimeoutException e) {
            f.cancel(true);
            return Verdict.reject("policy error: " + policy.name() + " exceeded its time limit of "
                    + limit.toMillis() + " ms");
        } catch (ExecutionException e) {
            return Verdict.reject("policy error: " + policy.name() + " failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Verdict.reject("policy error: " + policy.name() + " was interrupted");
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
