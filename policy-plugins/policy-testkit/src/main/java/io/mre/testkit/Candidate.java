package io.mre.testkit;

import static java.util.Objects.requireNonNull;

import io.mre.spi.CandidateAction;
import io.mre.spi.ObjectView;
import io.mre.spi.PlanPatch;
import io.mre.spi.StepView;
import java.util.Map;

/**
 * The action put to a policy, named by step id and resolved against the object (so the step is the object's own
 * step and the attempt follows its history). Import the factories statically.
 *
 * <pre>{@code
 * import static io.mre.testkit.Candidate.*;
 *
 * harness.evaluate(policy, claim, executing("pay"));
 * harness.evaluate(policy, claim, delegatingTo(peer("b1", "bank.example", "payment.transfer")));
 * harness.evaluate(policy, claim, mutating(PlanPatch.insertAfter("check", StepView.of("audit", "audit.log", Map.of()))));
 * }</pre>
 */
@FunctionalInterface
public interface Candidate {
    /** The SPI candidate for {@code object}. */
    CandidateAction resolve(ObjectView object);

    /** What the engine proposes next: run the plan's next step on this node. */
    static Candidate next() {
        return object -> {
            String id = object.state()
                    .nextStepId()
                    .orElseThrow(() -> new IllegalStateException("the object has no next step (lifecycle "
                            + object.state().lifecycle() + ")"));
            return executing(id).resolve(object);
        };
    }

    /** Run {@code stepId} here; the attempt is one more than the history made. */
    static Candidate executing(String stepId) {
        return object -> new CandidateAction.Execute(
                step(object, stepId), object.state().attempts().getOrDefault(stepId, 0) + 1);
    }

    /** Run {@code stepId} here, attempt {@code attempt}. */
    static Candidate executing(String stepId, int attempt) {
        return object -> new CandidateAction.Execute(step(object, stepId), attempt);
    }

    /** Run the compensation of {@code stepId} here. */
    static Candidate compensating(String stepId) {
        return object -> new CandidateAction.Compensate(step(object, stepId));
    }

    /** Hand the object to {@code peer} to run {@code stepId}. */
    static Candidate delegating(String stepId, PeerSpec peer) {
        requireNonNull(peer, "peer is null");
        return object -> new CandidateAction.Delegate(step(object, stepId), peer.view());
    }

    /** Hand the object to {@code peer} to run the next step. */
    static Candidate delegatingTo(PeerSpec peer) {
        requireNonNull(peer, "peer is null");
        return object -> {
            String id = object.state()
                    .nextStepId()
                    .orElseThrow(() -> new IllegalStateException("the object has no next step to delegate"));
            return delegating(id, peer).resolve(object);
        };
    }

    /** Change the plan by {@code patch}, as suggested by {@code test-advisor}. */
    static Candidate mutating(PlanPatch patch) {
        return mutating(patch, "suggested in a test", "test-advisor");
    }

    /** Change the plan by {@code patch}, as {@code suggestedBy} suggested for {@code reason}. */
    static Candidate mutating(PlanPatch patch, String reason, String suggestedBy) {
        CandidateAction.Mutate m = new CandidateAction.Mutate(patch, reason, suggestedBy);
        return object -> m;
    }

    /** Insert step {@code id} running {@code operation} after {@code afterStepId} (empty: at the start). */
    static Candidate insertingStep(String afterStepId, String id, String operation) {
        return mutating(PlanPatch.insertAfter(afterStepId, StepView.of(id, operation, Map.of())));
    }

    /** Exactly {@code action}. */
    static Candidate of(CandidateAction action) {
        requireNonNull(action, "action is null");
        return object -> action;
    }

    private static StepView step(ObjectView object, String id) {
        requireNonNull(id, "stepId is null");
        return object.intent()
                .step(id)
                .orElseThrow(() -> new IllegalArgumentException("no step '" + id + "' in the plan "
                        + object.intent().steps().stream().map(StepView::id).toList()));
    }
}
