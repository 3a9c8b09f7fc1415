package io.mre.it.fuzz;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one fuzz target: the corpus as is, then mutated inputs until {@code iterations} are done or {@code budget}
 * has passed (whichever comes first). The target throws {@link Expected} for input it refused as it should; any
 * other throwable is a crash, and an input that takes longer than {@code hangAfter} is a hang (the campaign stops).
 */
final class Campaign {
    /** The target refused the input the documented way. */
    static final class Expected extends RuntimeException {
        Expected(String why) {
            super(why, null, false, false);
        }
    }

    /** One input's run. */
    interface Target {
        void run(byte[] input) throws Exception;
    }

    record Figures(String target, int inputs, int refused, int crashes, int hangs, List<String> failures) {
        String line() {
            return target + " inputs=" + inputs + " refused=" + refused + " crashes=" + crashes + " hangs=" + hangs;
        }
    }

    private Campaign() {}

    static Figures run(
            String name,
            List<byte[]> corpus,
            long seed,
            int iterations,
            Duration budget,
            Duration hangAfter,
            Target target) {
        Mutator mutator = new Mutator(seed, corpus);
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-" + name);
            t.setDaemon(true);
            return t;
        });
        int inputs = 0;
        int refused = 0;
        int crashes = 0;
        int hangs = 0;
        List<String> failures = new ArrayList<>();
        long end = System.nanoTime() + budget.toNanos();
        try {
            long total = corpus.size() + (long) iterations;
            for (int i = 0; i < total && System.nanoTime() < end; i++) {
                byte[] input = i < corpus.size() ? corpus.get(i) : mutator.next();
                inputs++;
                Future<?> run = worker.submit(() -> {
                    target.run(input);
                    return null;
                });
                try {
                    run.get(hangAfter.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Expected) {
                        refused++;
                    } else {
                        crashes++;
                        if (failures.size() < 5) {
                            failures.add("seed " + seed + " input " + i + ": " + e.getCause());
                        }
                    }
                } catch (TimeoutException e) {
                    hangs++;
                    failures.add("seed " + seed + " input " + i + ": no answer within " + hangAfter);
                    run.cancel(true);
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        } finally {
            worker.shutdownNow();
        }
        return new Figures(name, inputs, refused, crashes, hangs, failures);
    }
}
