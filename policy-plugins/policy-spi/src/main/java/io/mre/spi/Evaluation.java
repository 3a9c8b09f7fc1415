package io.mre.spi;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Everything a policy or an advisor sees in one cycle: the object (read-only), the candidate action, the
 * node's own facts and the node's clock.
 *
 * @param dryRun the node only explains what it would do ({@code Evaluate}): nothing will be executed or recorded
 *     for this evaluation. A policy that keeps admission state of its own (a rate limit's tokens) answers as it
 *     would, without consuming that state.
 */
public record Evaluation(ObjectView object, CandidateAction candidate, NodeFacts node, Instant now, boolean dryRun) {
    public Evaluation {
        requireNonNull(object, "object is null");
        requireNonNull(candidate, "candidate is null");
        requireNonNull(node, "node is null");
        requireNonNull(now, "now is null");
    }

    /** An evaluation for a cycle that will act on its outcome (not a dry run). */
    public Evaluation(ObjectView object, CandidateAction candidate, NodeFacts node, Instant now) {
        this(object, candidate, node, now, false);
    }
}
