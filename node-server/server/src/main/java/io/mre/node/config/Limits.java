package io.mre.node.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Resource limits and operational timings of a node: the {@code limits} section of {@code node.yaml}, each key
 * with the default below (docs/operating-a-node.md, "Configuration reference").
 *
 * @param maxObjectBytes largest serialized object accepted
 * @param maxEntries largest number of memory entries accepted
 * @param maxCyclesPerVisit evaluation cycles one visit may run before the object must leave or rest
 * @param maxConcurrentEvaluations evaluations in flight before new ones are refused (OVERLOADED)
 * @param handoffTimeout how long a delegation waits for the receiver's acknowledgement
 * @param keepTerminated how long a memory-aware node keeps an object that terminated in its custody (for Get,
 *     Watch and auditors) before it drops the bytes; the object's heads stay known
 * @param noPeerRetryMax the longest an object waits between attempts while no reachable node can run its next
 *     step (a peer is down): the first wait is {@code noPeerRetryDelay} and each further one in a row doubles, up
 *     to this
 * @param noPeerRetryDelay the first such wait; at most {@code noPeerRetryMax}
 * @param defaultMaxHops the hop limit of an object whose context sets none ({@code context.maxHops})
 * @param pluginTimeLimit how long a policy may take to judge one action before it counts as REJECT ("policy error:
 *     ... exceeded its time limit")
 * @param maxOverrunningPlugins how many policies may still be running past their time limit (abandoned, not yet
 *     returned) before further policies are not started and reject at once
 * @param shutdownGrace how long a stopping node waits for calls in flight to finish before it cancels them
 */
public record Limits(
        long maxObjectBytes,
        int maxEntries,
        int maxCyclesPerVisit,
        int maxConcurrentEvaluations,
        Duration handoffTimeout,
        Duration keepTerminated,
        Duration noPeerRetryMax,
        Duration noPeerRetryDelay,
        int defaultMaxHops,
        Duration pluginTimeLimit,
        int maxOverrunningPlugins,
        Duration shutdownGrace) {
    public static final long DEFAULT_MAX_OBJECT_BYTES = 4L * 1024 * 1024;
    public static final int DEFAULT_MAX_ENTRIES = 100_000;
    public static final int DEFAULT_MAX_CYCLES_PER_VISIT = 64;
    public static final int DEFAULT_MAX_CONCURRENT_EVALUATIONS = 256;
    public static final Duration DEFAULT_HANDOFF_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_KEEP_TERMINATED = Duration.ofDays(7);
    public static final Duration DEFAULT_NO_PEER_RETRY_MAX = Duration.ofMinutes(15);
    public static final Duration DEFAULT_NO_PEER_RETRY_DELAY = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_HOPS = 16;
    public static final Duration DEFAULT_PLUGIN_TIME_LIMIT = Duration.ofMillis(500);
    public static final int DEFAULT_MAX_OVERRUNNING_PLUGINS = 32;
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);

    /** Limits with the defaults of every later key. */
    public Limits(
            long maxObjectBytes,
            int maxEntries,
            int maxCyclesPerVisit,
            int maxConcurrentEvaluations,
            Duration handoffTimeout,
            Duration keepTerminated) {
        this(
                maxObjectBytes,
                maxEntries,
                maxCyclesPerVisit,
                maxConcurrentEvaluations,
                handoffTimeout,
                keepTerminated,
                DEFAULT_NO_PEER_RETRY_MAX);
    }

    /** Limits with the defaults of every later key. */
    public Limits(
            long maxObjectBytes,
            int maxEntries,
            int maxCyclesPerVisit,
            int maxConcurrentEvaluations,
            Duration handoffTimeout,
            Duration keepTerminated,
            Duration noPeerRetryMax) {
        this(
                maxObjectBytes,
                maxEntries,
                maxCyclesPerVisit,
                maxConcurrentEvaluations,
                handoffTimeout,
                keepTerminated,
                noPeerRetryMax,
                DEFAULT_NO_PEER_RETRY_DELAY.compareTo(noPeerRetryMax) > 0
                        ? noPeerRetryMax
                        : DEFAULT_NO_PEER_RETRY_DELAY,
                DEFAULT_MAX_HOPS,
                DEFAULT_PLUGIN_TIME_LIMIT,
                DEFAULT_MAX_OVERRUNNING_PLUGINS,
                DEFAULT_SHUTDOWN_GRACE);
    }

    public Limits {
        positive("maxObjectBytes", maxObjectBytes);
        positive("maxEntries", maxEntries);
        positive("maxCyclesPerVisit", maxCyclesPerVisit);
        positive("maxConcurrentEvaluations", maxConcurrentEvaluations);
        positive("handoffTimeout", handoffTimeout);
        positive("keepTerminated", keepTerminated);
        positive("noPeerRetryMax", noPeerRetryMax);
        positive("noPeerRetryDelay", noPeerRetryDelay);
        if (noPeerRetryDelay.compareTo(noPeerRetryMax) > 0) {
            throw new IllegalArgumentException("noPeerRetryDelay must not exceed noPeerRetryMax (" + noPeerRetryMax
                    + "), got " + noPeerRetryDelay);
        }
        positive("defaultMaxHops", defaultMaxHops);
        positive("pluginTimeLimit", pluginTimeLimit);
        positive("maxOverrunningPlugins", maxOverrunningPlugins);
        positive("shutdownGrace", shutdownGrace);
    }

    /** The documented defaults. */
    public static Limits defaults() {
        return new Limits(
                DEFAULT_MAX_OBJECT_BYTES,
                DEFAULT_MAX_ENTRIES,
                DEFAULT_MAX_CYCLES_PER_VISIT,
                DEFAULT_MAX_CONCURRENT_EVALUATIONS,
                DEFAULT_HANDOFF_TIMEOUT,
                DEFAULT_KEEP_TERMINATED,
                DEFAULT_NO_PEER_RETRY_MAX,
                DEFAULT_NO_PEER_RETRY_DELAY,
                DEFAULT_MAX_HOPS,
                DEFAULT_PLUGIN_TIME_LIMIT,
                DEFAULT_MAX_OVERRUNNING_PLUGINS,
                DEFAULT_SHUTDOWN_GRACE);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    private static void positive(String name, Duration value) {
        requireNonNull(value, name + " is null");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
