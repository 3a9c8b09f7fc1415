package io.mre.engine;

import static java.util.Objects.requireNonNull;

import io.mre.engine.verify.VerifierSettings;
import java.time.Duration;

/**
 * A node's engine settings.
 *
 * @param verifier what the node accepts (trust anchors, limits, unsigned entries)
 * @param maxCyclesPerVisit cycles a node runs on one object before handing it back (per-visit cycle budget)
 * @param defaultMaxHops hop limit when the context sets none
 * @param noPeerRetryDelay how long an object sleeps the first time no capable peer can take a step
 * @param noPeerRetryMax the longest it sleeps: each further time in a row the wait doubles, up to this
 */
public record EngineSettings(
        VerifierSettings verifier,
        int maxCyclesPerVisit,
        int defaultMaxHops,
        Duration noPeerRetryDelay,
        Duration noPeerRetryMax) {
    /** The default longest wait while no capable peer can take a step: a day's outage costs ~100 retries. */
    public static final Duration DEFAULT_NO_PEER_RETRY_MAX = Duration.ofMinutes(15);

    /** Settings whose no-peer retries back off up to {@link #DEFAULT_NO_PEER_RETRY_MAX}. */
    public EngineSettings(
            VerifierSettings verifier, int maxCyclesPerVisit, int defaultMaxHops, Duration noPeerRetryDelay) {
        this(verifier, maxCyclesPerVisit, defaultMaxHops, noPeerRetryDelay, DEFAULT_NO_PEER_RETRY_MAX);
    }

    public EngineSettings {
        requireNonNull(verifier, "verifier is null");
        if (maxCyclesPerVisit < 1) {
            throw new IllegalArgumentException("maxCyclesPerVisit must be >= 1: " + maxCyclesPerVisit);
        }
        if (defaultMaxHops < 1) {
            throw new IllegalArgumentException("defaultMaxHops must be >= 1: " + defaultMaxHops);
        }
        positive("noPeerRetryDelay", noPeerRetryDelay);
        positive("noPeerRetryMax", noPeerRetryMax);
    }

    private static void positive(String name, Duration d) {
        requireNonNull(d, name + " is null");
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    /** 64 cycles per visit, 16 hops, 30 s before retrying when no peer is capable, then up to 15 min. */
    public static EngineSettings defaults(VerifierSettings verifier) {
        return new EngineSettings(verifier, 64, 16, Duration.ofSeconds(30));
    }
}
