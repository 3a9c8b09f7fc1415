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
        String what = kind.name().toLowerCase(Locale.ROOT);
        int stuck = overrunning.get();
        if (stuck >= limits.maxOverrunning()) {
            return new Outcome.NotRun<>("not run: " + stuck + " plugin calls are still running past their time limit");
        }
        Duration max = limit.orElse(kind == PluginFailures.Kind.HANDLER ? limits.handlerLimit() : limits.callLimit());
        Call<T> call = new Call<>(plugin.getClass().getClassLoader(), body);
        Future<T> future = start(call);
        try {
            return new Outcome.Returned<>(deadline.await(future, max));
        } catch (TimeoutException e) {
            call.abandon();
            future.cancel(true);
            LOG.warn("{} '{}' exceeded its time limit of {} ms", what, name, max.toMillis());
            return new Outcome.TimedOut<>(max);
        } catch (ExecutionException e) {
            return new Outcome.Threw<>(e.getCause() == null ? e : e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return new Outcome.NotRun<>("was interrupted");
        }
    }

    /**
     * Runs {@code calls} one after another on one plugin thread — one hand-over for all of them instead of one per
     * call — each under its own plugin's class loader and its own time limit (the kind's), which starts when the
     * call before it returns (the first's when it is handed over, as for {@link #invoke}). A call past its limit is
     * interrupted and abandoned with the rest of the batch, which counts as one overrunning call; the calls after
     * it are not run.
     */
    @Override
    public <T> List<Outcome<T>> invokeInTurn(PluginFailures.Kind kind, List<PluginInvoker.Call<T>> calls) {
        if (calls.size() <= 1) {
            return calls.stream()
                    .map(c -> invoke(kind, c.name(), c.plugin(), Optional.<Duration>empty(), c.body()))
                    .toList();
        }
        int stuck = overrunning.get();
        if (stuck >= limits.maxOverrunning()) {
            Outcome<T> notRun =
                    new Outcome.NotRun<>("not run: " + stuck + " plugin calls are still running past their time limit");
            return Collections.nCopies(calls.size(), notRun);
        }
        Duration max = kind == PluginFailures.Kind.HANDLER ? limits.handlerLimit() : limits.callLimit();
        InTurn<T> batch = new InTurn<>(calls);
        long handedOver = System.nanoTime();
        Future<Void> future = start(batch);
        while (true) {
            int running = batch.running();
            long started = running == 0 ? handedOver : batch.startedAt(running);
            Duration left = Duration.ofNanos(started + max.toNanos() - System.nanoTime());
            try {
                deadline.await(future, left.isNegative() ? Duration.ZERO : left);
                return batch.outcomes();
            } catch (TimeoutException e) {
                if (batch.running() != running || batch.returned(running)) {
                    continue; // the call waited on returned in time: wait on the next one's limit, or the end
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
     * Calls run in turn on one thread; records each one's outcome and when it started, and counts itself as one
     * overrunning call from the moment it is abandoned until the call then running returns.
     */
    private final class InTurn<T> implements Callable<Void> {
        private final List<PluginInvoker.Call<T>> calls;
        private final Outcome<T>[] outcomes;
        private final long[] startedAt;
        private volatile int running;
        private final AtomicInteger state = new AtomicInteger(Call.NEW);

        @SuppressWarnings("unchecked")
        InTurn(List<PluginInvoker.Call<T>> calls) {
            this.calls = List.copyOf(calls);
            this.outcomes = (Outcome<T>[]) new Outcome<?>[calls.size()];
            this.startedAt = new long[calls.size()];
        }

        @Override
        public Void call() {
            if (!state.compareAndSet(Call.NEW, Call.RUNNING)) {
                return null; // abandoned before it started
            }
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            try {
                for (int i = 0; i < calls.size() && state.get() == Call.RUNNING; i++) {
                    PluginInvoker.Call<T> call = calls.get(i);
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
                if (!state.compareAndSet(Call.RUNNING, Call.DONE)) {
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
            if (state.compareAndSet(Call.RUNNING, Call.ABANDONED)) {
                overrunning.incrementAndGet();
            } else {
                state.compareAndSet(Call.NEW, Call.ABANDONED);
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

    /** One call; counts itself as overrunning from the moment it is abandoned until it returns. */
    private final class Call<T> implements Callable<T> {
        private static final int NEW = 0;
        private static final int RUNNING = 1;
        private static final int DONE = 2;
        private static final int ABANDONED = 3;

        private final ClassLoader loader;
        private final Callable<T> body;
        private final AtomicInteger state = new AtomicInteger(NEW);

        Call(ClassLoader loader, Callable<T> body) {
            this.loader = loader;
            this.body = body;
        }

        @Override
        public T call() throws Exception {
            if (!state.compareAndSet(NEW, RUNNING)) {
                return null; // abandoned before it started
            }
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                return body.call();
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
