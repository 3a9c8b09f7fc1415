package io.mre.bench.mesh;

import java.util.Arrays;

/**
 * Latencies of one measured phase: every sample kept (nanoseconds), sorted once, percentiles read by rank (nearest
 * rank, as HdrHistogram reports them, without its bucketing error).
 */
record Latencies(long[] sortedNanos) {
    static Latencies of(long[] nanos, int count) {
        long[] copy = Arrays.copyOf(nanos, count);
        Arrays.sort(copy);
        return new Latencies(copy);
    }

    int count() {
        return sortedNanos.length;
    }

    /** The {@code p}-th percentile (0 < p <= 100), nearest rank, in nanoseconds. */
    long percentile(double p) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
        return sortedNanos[Math.clamp(rank - 1, 0, sortedNanos.length - 1)];
    }

    long max() {
        return sortedNanos.length == 0 ? 0 : sortedNanos[sortedNanos.length - 1];
    }

    double meanNanos() {
        double sum = 0;
        for (long n : sortedNanos) {
            sum += n;
        }
        return sortedNanos.length == 0 ? 0 : sum / sortedNanos.length;
    }

    /** {@code p50 0.61 ms, p90 ..., p99 ..., p99.9 ..., max ...}. */
    String summary() {
        return String.format(
                "p50 %s, p90 %s, p99 %s, p99.9 %s, max %s, mean %s (n=%d)",
                ms(percentile(50)),
                ms(percentile(90)),
                ms(percentile(99)),
                ms(percentile(99.9)),
                ms(max()),
                ms((long) meanNanos()),
                count());
    }

    static String ms(long nanos) {
        return String.format("%.3f ms", nanos / 1e6);
    }
}
