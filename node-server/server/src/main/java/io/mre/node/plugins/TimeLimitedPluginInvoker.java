package io.mre.node.plugins;

import static java.util.Objects.requireNonNull;

import io.mre.engine.decide.PluginFailures;
import io.mre.engine.decide.PluginInvoker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
 * The node's one way into a plugin: every policy, advisor, operation handler and reentry expression evaluator runs
 * here, on the same kind of thread, under a time limit, an overrun cap and its plugin's context class loader
 * ({@link PluginLimits}). What the engine makes of each outcome (fail closed) is {@code PluginCalls}'s.
 *
 * <p>Calls run on daemon platform threads, not virtual ones: the JVM cannot preempt a virtual thread, so a plugin
 * spinning past its limit would hold one of the few carrier threads that every gRPC call and visit of the node
 * shares. A call past its limit is interrupted and abandoned; while {@code maxOverrunning} abandoned calls are
 * still running, further calls are not started and fail closed at once. The calling thread (and so a plugin's
 * libraries) sees the plugin's class loader as its context class loader.
 */
public final class TimeLimitedPluginInvoker implements PluginInvoker, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TimeLimitedPluginInvoker.class);

    /** How the invoker waits for a call; tests pass one that decides when the limit has passed. */
    @FunctionalInterface
    public interface Deadline {
        /** The call's result, or {@link TimeoutException} once {@code limit} has passed. */
        <T> T await(Future<T> result, Duration limit) throws TimeoutException, ExecutionException, InterruptedException;
    }

    /** Waits on the wall clock. */
    public static final Deadline WALL_CLOCK = new Deadline() {
        @Override
        public <T> T await(Future<T> result, Duration limit)
                throws TimeoutException, ExecutionException, InterruptedException {
            return result.get(Math.max(1, limit.toNanos()), TimeUnit.NANOSECONDS);
        }
    };

    private final PluginLimits limits;
    private final Deadline deadline;
    private final AtomicInteger overrunning = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("mre-plugin-", 0).factory());

    public TimeLimitedPluginInvoker(PluginLimits limits) {
        this(limits, WALL_CLOCK);
    }

    public TimeLimitedPluginInvoker(PluginLimits limits, Deadline deadline) {
        this.limits = requireNonNull(limits, "limits is null");
        this.deadline = requireNonNull(deadline, "deadline is null");
    }

    @Override
    public <T> Outcome<T> invoke(
            PluginFailures.Kind kind, String name, Object plugin, Optional<Duration> limit, Callable<T> body) {
        return run(kind, List.of(new Call<>(name, plugin, body)), limit.orElse(defaultLimit(kind)))
                .getFirst();
    }

    /**
     * Runs {@code calls} one after another on one plugin thread — one hand-over for all of them instead of one per
     * call — each under its own plugin's class loader and its own time limit (the kind's), which starts when the
     * call before it returns (the first's when it is handed over, as for {@link #invoke}). A call past its limit is
     * interrupted and abandoned with the rest of the batch, which counts as one overrunning call; the calls after
     * it are not run.
     */
    @Override
    public <T> List<Outcome<T>> invokeInTurn(PluginFailures.Kind kind, List<Call<T>> calls) {
        return run(kind, calls, defaultLimit(kind));
    }

    private Duration defaultLimit(PluginFailures.Kind kind) {
        return kind == PluginFailures.Kind.HANDLER ? limits.handlerLimit() : limits.callLimit();
    }

    /** Hands {@code calls} over to one plugin thread and waits for them, each at most {@code max}. */
    private <T> List<Outcome<T>> run(PluginFailures.Kind kind, List<Call<T>> calls, Duration max) {
        int stuck = overrunning.get();
        if (stuck >= limits.maxOverrunning()) {
            Outcome<T> notRun =
                    new Outcome.NotRun<>("not run: " + stuck + " plugin calls are still running past their time limit");
            return Collections.nCopies(calls.size(), notRun);
        }
        InTurn<T> batch = new InTurn<>(calls);
        long handedOver = System.nanoTime();
        Future<Void> future = start(batch);
        Duration wait = max; // the first call's limit counts from its hand-over, i.e. now
        while (true) {
            int running = batch.running();
            try {
                deadline.await(future, wait);
                return batch.outcomes();
            } catch (TimeoutException e) {
                if (batch.running() != running || batch.returned(running)) {
                    // the call waited on returned in time: wait for the rest of the next one's limit, or the end
                    int next = batch.running();
                    long started = next == 0 ? handedOver : batch.startedAt(next);
                    Duration left = Duration.ofNanos(started + max.toNanos() - System.nanoTime());
                    wait = left.isNegative() ? Duration.ZERO : left;
                    continue;
                }
                batch.abandon();
                future.cancel(true);
                String what = kind.name().toLowerCase(Locale.ROOT);
                LOG.warn(
                        "{} '{}' exceeded its time limit of {} ms",
                        what,
                        calls.get(running).name(),
                        max.toMillis());
                return batch.outcomes(running, new Outcome.TimedOut<>(max));
            } catch (ExecutionException e) {
                return batch.outcomes(batch.running(), new Outcome.Threw<>(e.getCause() == null ? e : e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                future.cancel(true);
                return batch.outcomes(batch.running(), new Outcome.NotRun<>("was interrupted"));
            }
        }
    }

    /** The limits this invoker applies. */
    public PluginLimits limits() {
        return limits;
    }

    /** Calls running past their limit that have not returned yet. */
    int overrunning() {
        return overrunning.get();
    }

    /** Stops reusing threads. Calls in flight finish (a closing node drains its visits); later ones still run. */
    @Override
    public void close() {
        threads.shutdown();
    }

    private <T> Future<T> start(Callable<T> call) {
        try {
            return threads.submit(call);
        } catch (RejectedExecutionException e) {
            // Closed while the node drains its last visits: those calls still run, still with a limit.
            FutureTask<T> task = new FutureTask<>(call);
            Thread.ofPlatform().daemon().name("mre-plugin-draining").start(task);
            return task;
        }
    }

    /**
     * Calls (one, or a decision's policies) run in turn on one thread; records each one's outcome and when it started, and counts itself as one
     * overrunning call from the moment it is abandoned until the call then running returns.
     */
    private final class InTurn<T> implements Callable<Void> {
        private static final int NEW = 0;
        private static final int RUNNING = 1;
        private static final int DONE = 2;
        private static final int ABANDONED = 3;

        private final List<Call<T>> calls;
        private final Outcome<T>[] outcomes;
        private final long[] startedAt;
        private volatile int running;
        private final AtomicInteger state = new AtomicInteger(NEW);

        @SuppressWarnings("unchecked")
        InTurn(List<Call<T>> calls) {
            this.calls = List.copyOf(calls);
            this.outcomes = (Outcome<T>[]) new Outcome<?>[calls.size()];
            this.startedAt = new long[calls.size()];
        }

        @Override
        public Void call() {
            if (!state.compareAndSet(NEW, RUNNING)) {
                return null; // abandoned before it started
            }
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            try {
                for (int i = 0; i < calls.size() && state.get() == RUNNING; i++) {
                    Call<T> call = calls.get(i);
                    startedAt[i] = System.nanoTime();
                    running = i; // publishes startedAt[i] to the waiting caller
                    thread.setContextClassLoader(call.plugin().getClass().getClassLoader());
                    Outcome<T> outcome;
                    try {
                        outcome = new Outcome.Returned<>(call.body().call());
                    } catch (Throwable t) {
                        outcome = new Outcome.Threw<>(t);
                    }
                    synchronized (this) {
                        outcomes[i] = outcome;
                    }
                }
            } finally {
                thread.setContextClassLoader(previous);
                if (!state.compareAndSet(RUNNING, DONE)) {
                    overrunning.decrementAndGet();
                }
            }
            return null;
        }

        int running() {
            return running;
        }

        long startedAt(int i) {
            return startedAt[i];
        }

        synchronized boolean returned(int i) {
            return outcomes[i] != null;
        }

        void abandon() {
            if (state.compareAndSet(RUNNING, ABANDONED)) {
                overrunning.incrementAndGet();
            } else {
                state.compareAndSet(NEW, ABANDONED);
            }
        }

        /** Every call's outcome, the batch having run to its end. */
        synchronized List<Outcome<T>> outcomes() {
            return List.of(outcomes);
        }

        /**
         * The outcomes of a batch stopped while call {@code stoppedAt} ran (or waited to): what the calls before it
         * returned or threw, {@code stopped} for it, not run for those after it.
         */
        synchronized List<Outcome<T>> outcomes(int stoppedAt, Outcome<T> stopped) {
            List<Outcome<T>> all = new ArrayList<>(calls.size());
            for (int i = 0; i < calls.size(); i++) {
                if (i < stoppedAt) {
                    all.add(outcomes[i]);
                } else if (i == stoppedAt) {
                    all.add(stopped);
                } else {
                    all.add(new Outcome.NotRun<>(
                            stopped instanceof Outcome.TimedOut<T>
                                    ? Outcome.NotRun.afterTimeOut(
                                            calls.get(stoppedAt).name())
                                    : "not run: the calls before it did not finish"));
                }
            }
            return all;
        }
    }
}
