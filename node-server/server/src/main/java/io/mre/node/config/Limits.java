package io.mre.node.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Resource limits of a node.
 *
 * @param maxObjectBytes largest serialized object accepted
 * @param maxEntries largest number of memory entries accepted
 * @param maxCyclesPerVisit evaluation cycles one visit may run before the object must leave or rest
 * @param maxConcurrentEvaluations evaluations in flight before new ones are refused (OVERLOADED)
 * @param handoffTimeout how long a delegation waits for the receiver's acknowledgement
 * @param keepTerminated how long a memory-aware node keeps an object that terminated in its custody (for Get,
 *     Watch and auditors) before it drops the bytes; the object's heads stay known
 * @param noPeerRetryMax the longest an object waits between attempts while no reachable node can run its next
 *     step (a peer is down): the first wait is 5 s and each further one in a row doubles, up to this
 */
public record Limits(long maxObjectBytes, int maxEntries, int maxCyclesPerVisit, int maxConcurrentEvaluations,
        Duration handoffTimeout, Duration keepTerminated, Duration noPeerRetryMax) {
    public static final long DEFAULT_MAX_OBJECT_BYTES = 4L * 1024 * 1024;
    public static final int DEFAULT_MAX_ENTRIES = 100_000;
    public static final int DEFAULT_MAX_CYCLES_PER_VISIT = 64;
    public static final int DEFAULT_MAX_CONCURRENT_EVALUATIONS = 256;
    public static final Duration DEFAULT_HANDOFF_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_KEEP_TERMINATED = Duration.ofDays(7);
    public static final Duration DEFAULT_NO_PEER_RETRY_MAX = Duration.ofMinutes(15);

    /** Limits with the default {@code noPeerRetryMax}. */
    public Limits(long maxObjectBytes, int maxEntries, int maxCyclesPerVisit, int maxConcurrentEvaluations,
            Duration handoffTimeout, Duration keepTerminated) {
        this(maxObjectBytes, maxEntries, maxCyclesPerVisit, maxConcurrentEvaluations, handoffTimeout, keepTerminated,
                DEFAULT_NO_PEER_RETRY_MAX);
    }

    public Limits {
        requireNonNull(handoffTimeout, "handoffTimeout is null");
        positive("maxObjectBytes", maxObjectBytes);
        positive("maxEntries", maxEntries);
        positive("maxCyclesPerVisit", maxCyclesPerVisit);
        positive("maxConcurrentEvaluations", maxConcurrentEvaluations);
        if (handoffTimeout.isNegative() || handoffTimeout.isZero()) {
            throw new IllegalArgumentException("handoffTimeout must be positive, got " + handoffTimeout);
        }
        requireNonNull(keepTerminated, "keepTerminated is null");
        if (keepTerminated.isNegative() || keepTerminated.isZero()) {
            throw new IllegalArgumentException("keepTerminated must be positive, got " + keepTerminated);
        }
        requireNonNull(noPeerRetryMax, "noPeerRetryMax is null");
        if (noPeerRetryMax.isNegative() || noPeerRetryMax.isZero()) {
            throw new IllegalArgumentException("noPeerRetryMax must be positive, got " + noPeerRetryMax);
        }
    }

    /** The documented defaults. */
    public static Limits defaults() {
        return new Limits(DEFAULT_MAX_OBJECT_BYTES, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_CYCLES_PER_VISIT,
                DEFAULT_MAX_CONCURRENT_EVALUATIONS, DEFAULT_HANDOFF_TIMEOUT, DEFAULT_KEEP_TERMINATED,
                DEFAULT_NO_PEER_RETRY_MAX);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
