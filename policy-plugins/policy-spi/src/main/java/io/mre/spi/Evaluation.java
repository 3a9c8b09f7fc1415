package io.mre.spi;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Everything a policy or an advisor sees in one cycle: the object (read-only), the candidate action, the
 * node's own facts and the node's clock.
 */
public record Evaluation(ObjectView object, CandidateAction candidate, NodeFacts node, Instant now) {
    public Evaluation {
        requireNonNull(object, "object is null");
        requireNonNull(candidate, "candidate is null");
        requireNonNull(node, "node is null");
        requireNonNull(now, "now is null");
    }
}
