package io.mre.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * CPU time of the benchmark thread per operation, over the measurement iterations only: two reads of the thread's
 * CPU clock per iteration (none per operation), printed at the end of the trial as a line starting with
 * {@code cpu/op}. On a shared machine, where other processes preempt the benchmark, this is the figure that does
 * not depend on the load; wall-clock time does. It leaves out work done by other threads (GC, JIT).
 *
 * <p>A benchmark method takes this state as a parameter and adds its operations to {@link #ops}.
 */
@State(Scope.Thread)
public class CpuClock {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Operations done in the current iteration; the benchmark method adds to it. */
    public long ops;

    private boolean measuring;
    private long startNanos;
    private long totalNanos;
    private long totalOps;

    @Setup(Level.Iteration)
    public void startIteration(IterationParams iteration) {
        measuring = iteration.getType() == IterationType.MEASUREMENT;
        ops = 0;
        startNanos = THREADS.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        long spent = THREADS.getCurrentThreadCpuTime() - startNanos;
        if (measuring) {
            totalNanos += spent;
            totalOps += ops;
        }
    }

    @TearDown(Level.Trial)
    public void report(BenchmarkParams params) {
        if (totalOps > 0) {
            System.out.printf(
                    "%ncpu/op %s %s: %.1f us (thread CPU time over %d measured ops)%n",
                    params.getBenchmark().replace("io.mre.bench.", ""),
                    describe(params),
                    totalNanos / 1e3 / totalOps,
                    totalOps);
        }
    }

    private static String describe(BenchmarkParams params) {
        StringBuilder b = new StringBuilder();
        for (String key : params.getParamsKeys()) {
            b.append(b.isEmpty() ? "" : ",").append(key).append('=').append(params.getParam(key));
        }
        return "[" + b + "]";
    }
}
