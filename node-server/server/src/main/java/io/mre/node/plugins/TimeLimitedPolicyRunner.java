package io.mre.node.plugins;

import static java.util.Objects.requireNonNull;

import io.mre.engine.decide.PluginFailures;
import io.mre.engine.decide.PolicyRunner;
import io.mre.spi.Evaluation;
import io.mre.spi.Policy;
import io.mre.spi.StepView;
import io.mre.spi.Verdict;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each policy with a time limit and fails closed: an exception, a null verdict or a timeout becomes REJECT
 * "policy error: …", recorded in the entry. A policy never lets an action through by failing.
 *
 * <p>Policies run on daemon platform threads, not virtual ones: the JVM cannot preempt a virtual thread, so a policy
 * spinning past its limit would hold one of the few carrier threads that every gRPC call and visit of the node
 * shares. A policy past its limit is interrupted and abandoned; while too many abandoned policies are still running,
 * further policies are not started and reject at once. The runner's thread (and so a plugin's libraries) sees the
 * plugin's class loader as its context class loader.
 */
public final class TimeLimitedPolicyRunner implements PolicyRunner, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TimeLimitedPolicyRunner.class);
    /** How many policies may still be running past their limit before the runner refuses to start more. */
    static final int DEFAULT_MAX_OVERRUNNING = 32;

    /** How the runner waits for a policy's verdict; tests pass one that decides when the limit has passed. */
    @FunctionalInterface
    public interface Deadline {
        /** The verdict, or {@link TimeoutException} once {@code limit} has passed. */
        Verdict await(Future<Verdict> verdict, Duration limit)
                throws TimeoutException, ExecutionException, InterruptedException;
    }

    /** Waits on the wall clock. */
    public static final Deadline WALL_CLOCK = (verdict, limit) -> verdict.get(limit.toNanos(), TimeUnit.NANOSECONDS);

    private final Duration limit;
    private final int maxOverrunning;
    private final Deadline deadline;
    private final PluginFailures failures;
    private final AtomicInteger overrunning = new AtomicInteger();
    private final ExecutorService threads =
            Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("mre-policy-", 0).factory());

    public TimeLimitedPolicyRunner(Duration limit) {
        this(limit, DEFAULT_MAX_OVERRUNNING, WALL_CLOCK, PluginFailures.NONE);
    }

    /** A policy that throws is reported to {@code failures} (the node logs it: {@link PluginFailureLog}). */
    public TimeLimitedPolicyRunner(Duration limit, PluginFailures failures) {
        this(limit, DEFAULT_MAX_OVERRUNNING, WALL_CLOCK, failures);
    }

    TimeLimitedPolicyRunner(Duration limit, int maxOverrunning) {
        this(limit, maxOverrunning, WALL_CLOCK, PluginFailures.NONE);
    }

    public TimeLimitedPolicyRunner(Duration limit, Deadline deadline) {
        this(limit, DEFAULT_MAX_OVERRUNNING, deadline, PluginFailures.NONE);
    }

    /** As {@link #TimeLimitedPolicyRunner(Duration, Deadline)}; a policy that throws is reported to {@code failures}. */
    public TimeLimitedPolicyRunner(Duration limit, Deadline deadline, PluginFailures failures) {
        this(limit, DEFAULT_MAX_OVERRUNNING, deadline, failures);
    }

    TimeLimitedPolicyRunner(Duration limit, int maxOverrunning, Deadline deadline) {
        this(limit, maxOverrunning, deadline, PluginFailures.NONE);
    }

    /** The node's runner: limit and cap from {@code node.yaml} ({@code limits.pluginTimeLimit}, ...). */
    public TimeLimitedPolicyRunner(Duration limit, int maxOverrunning, Deadline deadline, PluginFailures failures) {
        requireNonNull(limit, "limit is null");
        this.deadline = requireNonNull(deadline, "deadline is null");
        this.failures = requireNonNull(failures, "failures is null");
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("policy time limit must be positive: " + limit);
        }
        if (maxOverrunning < 1) {
            throw new IllegalArgumentException("maxOverrunning must be >= 1: " + maxOverrunning);
        }
        this.limit = limit;
        this.maxOverrunning = maxOverrunning;
    }

    /** How long one policy may take. */
    public Duration limit() {
        return limit;
    }

    /** How many policies may run past their limit before new ones reject at once. */
    public int maxOverrunning() {
        return maxOverrunning;
    }

    @Override
    public Verdict run(Policy policy, Evaluation evaluation) {
        String name = nameOf(policy);
        int stuck = overrunning.get();
        if (stuck >= maxOverrunning) {
            return reject(name, "not run: " + stuck + " policies are still running past their time limit");
        }
        Call call = new Call(policy, evaluation);
        Future<Verdict> future = start(call);
        try {
            Verdict v = deadline.await(future, limit);
            return v == null ? reject(name, "returned no verdict") : v;
        } catch (TimeoutException e) {
            call.abandon();
            future.cancel(true);
            LOG.warn("policy '{}' exceeded its time limit of {} ms: the action is rejected", name, limit.toMillis());
            return reject(name, "exceeded its time limit of " + limit.toMillis() + " ms");
        } catch (ExecutionException e) {
            failures.failed(PluginFailures.Kind.POLICY, name, evaluation.object().objectId(),
                    evaluation.candidate().step().map(StepView::id).orElse(""), e.getCause());
            return reject(name, "failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return reject(name, "was interrupted");
        }
    }

    /** Policies running past their limit that have not returned yet. */
    int overrunning() {
        return overrunning.get();
    }

    /** Stops reusing threads. Evaluations in flight finish (a closing node drains its visits); later ones still run. */
    @Override
    public void close() {
        threads.shutdown();
    }

    private Future<Verdict> start(Call call) {
        try {
            return threads.submit(call);
        } catch (RejectedExecutionException e) {
            // Closed while the node drains its last visits: those policies still run, still with a limit.
            FutureTask<Verdict> task = new FutureTask<>(call);
            Thread.ofPlatform().daemon().name("mre-policy-draining").start(task);
            return task;
        }
    }

    private static Verdict reject(String policy, String what) {
        return Verdict.reject("policy error: " + policy + " " + what);
    }

    private static String nameOf(Policy policy) {
        try {
            return String.valueOf(policy.name());
        } catch (RuntimeException | LinkageError e) {
            return policy.getClass().getName();
        }
    }

    /** One evaluation; counts itself as overrunning from the moment it is abandoned until it returns. */
    private final class Call implements Callable<Verdict> {
        private static final int NEW = 0;
        private static final int RUNNING = 1;
        private static final int DONE = 2;
        private static final int ABANDONED = 3;

        private final Policy policy;
        private final Evaluation evaluation;
        private final AtomicInteger state = new AtomicInteger(NEW);

        Call(Policy policy, Evaluation evaluation) {
            this.policy = policy;
            this.evaluation = evaluation;
        }

        @Override
        public Verdict call() {
            if (!state.compareAndSet(NEW, RUNNING)) {
                return null; // abandoned before it started
            }
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(policy.getClass().getClassLoader());
            try {
                return policy.evaluate(evaluation);
            } finally {
                thread.setContextClassLoader(previous);
                if (!state.compareAndSet(RUNNING, DONE)) {
                    overrunning.decrementAndGet();
                }
            }
        }

        void abandon() {
            if (state.compareAndSet(RUNNING, ABANDONED)) {
                overrunning.incrementAndGet();
            } else {
                state.compareAndSet(NEW, ABANDONED);
            }
        }
    }
}
