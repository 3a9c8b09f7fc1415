package io.mre.bench.mesh;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A closed-loop load: {@code concurrency} platform threads, each issuing its next operation as soon as the previous
 * one returns, until {@code ops} operations have run. Every operation's latency is recorded; failures are counted by
 * gRPC status and excluded from the latencies.
 */
final class ClosedLoop {
    /** One operation, given its index in [first, first + ops). */
    @FunctionalInterface
    interface Op {
        void run(int index) throws Exception;

        /** Think time before each operation, not part of its latency. */
        default long pauseNanos() {
            return 0;
        }
    }

    /** What one phase measured. */
    record Result(
            String label, int concurrency, int ops, long wallNanos, Latencies latencies, Map<String, Long> failures) {
        double perSecond() {
            return latencies.count() / (wallNanos / 1e9);
        }

        long failed() {
            return failures.values().stream().mapToLong(Long::longValue).sum();
        }

        String summary() {
            return String.format(
                    "%s: c=%d, %d ops in %.1f s = %.0f ops/s; %s%s",
                    label,
                    concurrency,
                    ops,
                    wallNanos / 1e9,
                    perSecond(),
                    latencies.summary(),
                    failures.isEmpty() ? "" : "; FAILED " + failures);
        }
    }

    private ClosedLoop() {}

    static Result run(String label, int concurrency, int first, int ops, Op op) {
        long[] nanos = new long[ops];
        boolean[] ok = new boolean[ops];
        AtomicInteger next = new AtomicInteger();
        Map<String, LongAdder> failures = new ConcurrentHashMap<>();
        CountDownLatch ready = new CountDownLatch(concurrency);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            threads.add(Thread.ofPlatform().name("load-" + t).start(() -> {
                ready.countDown();
                await(go);
                long pause = op.pauseNanos();
                for (int i = next.getAndIncrement(); i < ops; i = next.getAndIncrement()) {
                    if (pause > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(pause);
                    }
                    long start = System.nanoTime();
                    try {
                        op.run(first + i);
                        nanos[i] = System.nanoTime() - start;
                        ok[i] = true;
                    } catch (StatusRuntimeException e) {
                        failures.computeIfAbsent(describe(e.getStatus()), k -> new LongAdder())
                                .increment();
                    } catch (Exception | AssertionError e) {
                        failures.computeIfAbsent(e.toString(), k -> new LongAdder())
                                .increment();
                    }
                }
            }));
        }
        await(ready);
        long started = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        long wall = System.nanoTime() - started;
        long[] good = new long[ops];
        int n = 0;
        for (int i = 0; i < ops; i++) {
            if (ok[i]) {
                good[n++] = nanos[i];
            }
        }
        Map<String, Long> failed = new TreeMap<>();
        failures.forEach((k, v) -> failed.put(k, v.sum()));
        return new Result(label, concurrency, ops, wall, Latencies.of(good, n), failed);
    }

    private static String describe(Status status) {
        String d = status.getDescription() == null ? "" : status.getDescription();
        return status.getCode() + (d.isEmpty() ? "" : ": " + (d.length() > 120 ? d.substring(0, 120) : d));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
