package io.mre.testkit;

import static java.util.Objects.requireNonNull;

import io.mre.engine.view.Values;
import io.mre.engine.view.Views;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.PolicyJudgement;
import io.mre.proto.v1.SignalRecord;
import io.mre.spi.ActionKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One memory entry, read back for assertions: what was done, to which step, what the policies decided and why.
 *
 * <pre>{@code
 * RecordedEntry last = run.lastEntry();
 * assertThat(last.action()).isEqualTo(ActionKind.TERMINATE);
 * assertThat(last.verdict()).isEqualTo(VerdictKind.REJECT);
 * assertThat(last.reason()).contains("no-large-payments");
 * }</pre>
 *
 * @param seq its position in the memory
 * @param node who recorded it, as {@code nodeId@trustDomain}
 * @param action the action taken
 * @param stepId the step concerned, empty if none
 * @param attempt the attempt number of an EXECUTE, else 0
 * @param verdict the combined decision ({@link VerdictKind#MANDATORY} when no policy took part)
 * @param reason the decision's reason
 * @param detail one line on the action itself: the outcome, the delegation, the dormancy or termination reason
 * @param entry the entry as recorded
 */
public record RecordedEntry(
        long seq,
        String node,
        ActionKind action,
        String stepId,
        int attempt,
        VerdictKind verdict,
        String reason,
        String detail,
        Entry entry) {
    public RecordedEntry {
        requireNonNull(node, "node is null");
        requireNonNull(action, "action is null");
        requireNonNull(stepId, "stepId is null");
        requireNonNull(verdict, "verdict is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(detail, "detail is null");
        requireNonNull(entry, "entry is null");
    }

    /** Reads {@code entry}. */
    public static RecordedEntry of(Entry entry) {
        return new RecordedEntry(
                entry.getSeq(),
                entry.getNode().getNodeId() + "@" + entry.getNode().getTrustDomain(),
                Views.action(entry.getAction()),
                entry.getStepId(),
                entry.getAttempt(),
                VerdictKind.of(entry.getDecision().getVerdict()),
                entry.getDecision().getReason(),
                detail(entry),
                entry);
    }

    /** Each consulted policy's verdict, in the order consulted. */
    public Map<String, VerdictKind> judgements() {
        Map<String, VerdictKind> out = new LinkedHashMap<>();
        for (PolicyJudgement j : entry.getDecision().getJudgementsList()) {
            out.put(j.getPolicy(), VerdictKind.of(j.getVerdict()));
        }
        return out;
    }

    /** Each piece of advice as {@code advisor: rationale} (a failed advisor's rationale says why it failed). */
    public List<String> advice() {
        return entry.getAdviceList().stream()
                .map(a -> a.getAdvisor() + ": " + a.getRationale())
                .toList();
    }

    /** The output a successful EXECUTE recorded; empty otherwise. */
    public Map<String, Object> output() {
        return entry.getOutcome().hasOutput() ? Values.toMap(entry.getOutcome().getOutput()) : Map.of();
    }

    /** {@code CODE message} of a failed EXECUTE. */
    public Optional<String> error() {
        return entry.getOutcome().hasError()
                ? Optional.of(entry.getOutcome().getError().getCode() + " "
                        + entry.getOutcome().getError().getMessage())
                : Optional.empty();
    }

    /** How a TERMINATE ended the object. */
    public Optional<Ending> ending() {
        return entry.hasTerminate() ? Ending.of(entry.getTerminate().getStatus()) : Optional.empty();
    }

    /** Names of the signals this entry recorded. */
    public List<String> signals() {
        return entry.getSignalsList().stream().map(SignalRecord::getName).toList();
    }

    @Override
    public String toString() {
        return "#" + seq + " " + action + (stepId.isEmpty() ? "" : " '" + stepId + "'")
                + (attempt > 0 ? " attempt " + attempt : "") + " by " + node + " [" + verdict + ": " + reason + "]"
                + (detail.isEmpty() ? "" : " " + detail);
    }

    private static String detail(Entry e) {
        return switch (e.getDetailCase()) {
            case EXECUTE ->
                e.getExecute().getOperation()
                        + (e.getExecute().getCompensation() ? " (compensation)" : "")
                        + (e.getOutcome().hasError()
                                ? " failed: " + e.getOutcome().getError().getCode() + " "
                                        + e.getOutcome().getError().getMessage()
                                : " ok " + Values.toMap(e.getOutcome().getOutput()));
            case MUTATE ->
                e.getMutate().getReason() + " (suggested by " + e.getMutate().getSuggestedBy() + ")";
            case DELEGATE -> e.getDelegate().getReason();
            case DORMANT -> e.getDormant().getReason();
            case REENTER -> "";
            case TERMINATE ->
                e.getTerminate().getStatus().name().replace("TERMINAL_STATUS_", "") + ": "
                        + e.getTerminate().getReason();
            case DETAIL_NOT_SET -> "";
        };
    }
}
