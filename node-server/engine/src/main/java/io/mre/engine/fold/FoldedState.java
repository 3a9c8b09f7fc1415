package io.mre.engine.fold;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Struct;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.DormantCause;
import io.mre.proto.v1.NodeRef;
import io.mre.proto.v1.ReentryCondition;
import io.mre.proto.v1.SignalRecord;
import io.mre.proto.v1.StepError;
import io.mre.proto.v1.TerminalStatus;
import io.mre.spi.Lifecycle;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where an object stands, folded from its memory and its current intent. Pure data: the same object folds to an
 * equal state on every node. The collections are immutable and iterate in a fixed order (maps and sets by the
 * keys' hash codes, then the keys; lists in order); they are persistent, shared with the fold that made them, so a
 * state costs the same to take at any length of history.
 *
 * @param lifecycle active, dormant or terminated
 * @param terminalStatus how it ended (UNSPECIFIED unless terminated)
 * @param entries number of entries
 * @param hops custody transfers that took effect: DELEGATE entries followed by an entry of another node than the
 *     delegator (its target), plus a DELEGATE that is the last entry (in transit); a DELEGATE the delegator itself
 *     follows (the transfer failed) is not counted
 * @param holder the node holding custody: the last delegation's target, else the last entry's node
 * @param lastAction action of the last entry (UNSPECIFIED for an empty memory)
 * @param lastTime time of the last entry (the header's creation time for an empty memory)
 * @param pending conditions a dormant object waits for (empty unless dormant)
 * @param dormantCause why it is dormant (UNSPECIFIED unless dormant)
 * @param dormantStep the step the dormancy concerns, empty if none
 * @param completed ids of succeeded steps in completion order
 * @param outputs outputs of succeeded steps
 * @param attempts attempts per step (compensations excluded)
 * @param lastErrors the error of the last attempt of steps whose last attempt failed
 * @param awaitSatisfied steps whose await condition has been satisfied
 * @param backoffWaited per step, the attempt count after which the retry backoff was waited out
 * @param extraAttempts per step, extra attempts granted by a review
 * @param compensated steps whose compensation succeeded (one that failed its last attempt is given up, not here)
 * @param compensationAttempts compensation attempts per step
 * @param signals every recorded signal, oldest first
 * @param unconsumedSignals recorded signals no REENTER has used yet, oldest first
 * @param nextStepId the next step of the plan to run, if any (empty while compensating)
 * @param failedStepId a step that failed for good, if any
 * @param compensationStack steps to compensate, next first
 */
public record FoldedState(
        Lifecycle lifecycle,
        TerminalStatus terminalStatus,
        int entries,
        int hops,
        NodeRef holder,
        Action lastAction,
        Instant lastTime,
        List<ReentryCondition> pending,
        DormantCause dormantCause,
        String dormantStep,
        List<String> completed,
        Map<String, Struct> outputs,
        Map<String, Integer> attempts,
        Map<String, StepError> lastErrors,
        Set<String> awaitSatisfied,
        Map<String, Integer> backoffWaited,
        Map<String, Integer> extraAttempts,
        Set<String> compensated,
        Map<String, Integer> compensationAttempts,
        List<SignalRecord> signals,
        List<SignalRecord> unconsumedSignals,
        Optional<String> nextStepId,
        Optional<String> failedStepId,
        List<String> compensationStack) {
    public FoldedState {
        requireNonNull(lifecycle, "lifecycle is null");
        requireNonNull(terminalStatus, "terminalStatus is null");
        requireNonNull(holder, "holder is null");
        requireNonNull(lastAction, "lastAction is null");
        requireNonNull(lastTime, "lastTime is null");
        pending = List.copyOf(pending);
        requireNonNull(dormantCause, "dormantCause is null");
        requireNonNull(dormantStep, "dormantStep is null");
        completed = PersistentList.copyOf(completed);
        outputs = PersistentMap.copyOf(outputs);
        attempts = PersistentMap.copyOf(attempts);
        lastErrors = PersistentMap.copyOf(lastErrors);
        awaitSatisfied = PersistentSet.copyOf(awaitSatisfied);
        backoffWaited = PersistentMap.copyOf(backoffWaited);
        extraAttempts = PersistentMap.copyOf(extraAttempts);
        compensated = PersistentSet.copyOf(compensated);
        compensationAttempts = PersistentMap.copyOf(compensationAttempts);
        signals = PersistentList.copyOf(signals);
        unconsumedSignals = PersistentList.copyOf(unconsumedSignals);
        requireNonNull(nextStepId, "nextStepId is null");
        requireNonNull(failedStepId, "failedStepId is null");
        compensationStack = List.copyOf(compensationStack);
    }

    /** True when undoing completed steps after a failure. */
    public boolean compensating() {
        return !compensationStack.isEmpty();
    }

    /** Attempts made of {@code stepId}. */
    public int attemptsOf(String stepId) {
        return attempts.getOrDefault(stepId, 0);
    }
}
