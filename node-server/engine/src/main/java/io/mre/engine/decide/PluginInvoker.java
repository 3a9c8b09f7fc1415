package io.mre.engine.decide;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one way the engine calls into a plugin — a policy, an advisor, an operation handler or a reentry expression
 * evaluator. An invoker decides where the call runs (which thread, under which context class loader) and for how
 * long; it never throws: whatever happens comes back as an {@link Outcome}, which {@link PluginCalls} turns into the
 * fail-closed result of each kind (docs/plugins.md, "The rules of the SPI"). The node's invoker gives every kind
 * the same thread kind, time limit, overrun cap and context class loader; the engine sees only this interface.
 */
@FunctionalInterface
public interface PluginInvoker {
    /**
     * Runs {@code body}, a call into {@code plugin}; must not throw.
     *
     * @param kind what kind of plugin is called
     * @param name the plugin's name (a handler's: its operation), for messages and logs
     * @param plugin the plugin object; its class loader is the context class loader while the call runs
     * @param limit a time limit this call brings (a step's timeout), instead of the invoker's own
     */
    <T> Outcome<T> invoke(
            PluginFailures.Kind kind, String name, Object plugin, Optional<Duration> limit, Callable<T> body);

    /** One call of {@link #invokeInTurn}: {@code body} calls into {@code plugin}, named {@code name}. */
    record Call<T>(String name, Object plugin, Callable<T> body) {
        public Call {
            requireNonNull(name, "name is null");
            requireNonNull(plugin, "plugin is null");
            requireNonNull(body, "body is null");
        }
    }

    /**
     * Runs {@code calls}, all of {@code kind}, one after another — each exactly as {@link #invoke} would (its
     * plugin's class loader, its own time limit, which starts when the call before it returns) — and returns their
     * outcomes in order; must not throw. Once a call times out, the calls after it are not run
     * ({@link Outcome.NotRun}). An invoker may run them all on one thread, with one hand-over instead of one per
     * call (a decision's policies are run this way); this default invokes them one by one.
     */
    default <T> List<Outcome<T>> invokeInTurn(PluginFailures.Kind kind, List<Call<T>> calls) {
        List<Outcome<T>> outcomes = new ArrayList<>(calls.size());
        String timedOut = null;
        for (Call<T> call : calls) {
            if (timedOut != null) {
                outcomes.add(new Outcome.NotRun<>(Outcome.NotRun.afterTimeOut(timedOut)));
                continue;
            }
            Outcome<T> outcome = invoke(kind, call.name(), call.plugin(), Optional.empty(), call.body());
            if (outcome instanceof Outcome.TimedOut<T>) {
                timedOut = call.name();
            }
            outcomes.add(outcome);
        }
        return outcomes;
    }

    /** What became of a call. */
    sealed interface Outcome<T> {
        /** The plugin returned {@code value} (possibly null). */
        record Returned<T>(T value) implements Outcome<T> {}

        /** The plugin threw {@code error}. */
        record Threw<T>(Throwable error) implements Outcome<T> {
            public Threw {
                requireNonNull(error, "error is null");
            }
        }

        /** The plugin did not return within {@code limit}; it was interrupted and abandoned. */
        record TimedOut<T>(Duration limit) implements Outcome<T> {
            public TimedOut {
                requireNonNull(limit, "limit is null");
            }
        }

        /** The plugin was not run, or its caller stopped waiting for another reason (e.g. "was interrupted"). */
        record NotRun<T>(String reason) implements Outcome<T> {
            public NotRun {
                requireNonNull(reason, "reason is null");
            }

            /** The reason of a call of {@link #invokeInTurn} not run because {@code plugin} before it timed out. */
            public static String afterTimeOut(String plugin) {
                return "not run: '" + plugin + "' before it exceeded its time limit";
            }
        }
    }

    /**
     * Runs the plugin on the calling thread with no time limit of its own (engine tests, the test kit, tools); a
     * call that brings a limit (a step's timeout) runs on a virtual thread and is abandoned at that limit.
     */
    PluginInvoker DIRECT = new PluginInvoker() {
        @Override
        public <T> Outcome<T> invoke(
                PluginFailures.Kind kind, String name, Object plugin, Optional<Duration> limit, Callable<T> body) {
            if (limit.isEmpty()) {
                try {
                    return new Outcome.Returned<>(body.call());
                } catch (Exception | LinkageError | StackOverflowError e) {
                    return new Outcome.Threw<>(e);
                }
            }
            FutureTask<T> task = new FutureTask<>(body);
            Thread thread = Thread.ofVirtual().name("mre-plugin-" + name).start(task);
            try {
                return new Outcome.Returned<>(task.get(Math.max(1, limit.get().toNanos()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                thread.interrupt();
                return new Outcome.TimedOut<>(limit.get());
            } catch (ExecutionException e) {
                return new Outcome.Threw<>(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                task.cancel(true);
                return new Outcome.NotRun<>("was interrupted");
            }
        }
    };
}
