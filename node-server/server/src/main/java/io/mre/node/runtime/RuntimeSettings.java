package io.mre.node.runtime;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The runtime's knobs from the node's configuration.
 *
 * @param handoffTimeout how long a peer has to take custody of an object sent to it
 * @param maxConcurrentEvaluations visits (and verifications) the node runs at once before answering OVERLOADED
 */
public record RuntimeSettings(Duration handoffTimeout, int maxConcurrentEvaluations) {
    public RuntimeSettings {
        requireNonNull(handoffTimeout, "handoffTimeout is null");
        if (maxConcurrentEvaluations < 1) {
            throw new IllegalArgumentException(
                    "maxConcurrentEvaluations must be positive, got " + maxConcurrentEvaluations);
        }
    }
}
