package io.mre.engine;

import static java.util.Objects.requireNonNull;

import io.mre.engine.fold.FoldedState;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.Advice;
import io.mre.proto.v1.Decision;
import java.util.List;

/**
 * What a node would do next with an object, and why (a dry run: nothing executed, nothing appended).
 *
 * @param state the folded state
 * @param action the action it would take (UNSPECIFIED when it would do nothing, e.g. still dormant)
 * @param stepId the step concerned, empty if none
 * @param advice advice received
 * @param decision the authority decision
 * @param explanation one line
 */
public record Explanation(
        FoldedState state, Action action, String stepId, List<Advice> advice, Decision decision, String explanation) {
    public Explanation {
        requireNonNull(state, "state is null");
        requireNonNull(action, "action is null");
        requireNonNull(stepId, "stepId is null");
        advice = List.copyOf(advice);
        requireNonNull(decision, "decision is null");
        requireNonNull(explanation, "explanation is null");
    }
}
