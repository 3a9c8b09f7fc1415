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
 * @param noPeerRetryDelay how long an object sleeps when no capable peer can take a step
 */
public record EngineSettings(VerifierSettings verifier, int maxCyclesPerVisit, int defaultMaxHops,
        Duration noPeerRetryDelay) {
    public EngineSettings {
        requireNonNull(verifier, "verifier is null");
        if (maxCyclesPerVisit < 1) {
            throw new IllegalArgumentException("maxCyclesPerVisit must be >= 1: " + maxCyclesPerVisit);
        }
        if (defaultMaxHops < 1) {
            throw new IllegalArgumentException("defaultMaxHops must be >= 1: " + defaultMaxHops);
        }
        requireNonNull(noPeerRetryDelay, "noPeerRetryDelay is null");
    }

    /** 64 cycles per visit, 16 hops, 30 s before retrying when no peer is capable. */
    public static EngineSettings defaults(VerifierSettings verifier) {
        return new EngineSettings(verifier, 64, 16, Duration.ofSeconds(30));
    }
}
