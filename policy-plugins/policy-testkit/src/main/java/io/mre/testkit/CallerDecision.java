package io.mre.testkit;

import static java.util.Objects.requireNonNull;

/**
 * What a node decides about a caller ({@link CallerHarness#decide}): admitted or not, and the reason a refused
 * caller reads.
 */
public record CallerDecision(boolean admitted, String reason) {
    public CallerDecision {
        requireNonNull(reason, "reason is null");
    }
}
