package io.mre.testkit;

import io.mre.engine.fold.Fold;
import io.mre.engine.fold.FoldedState;
import io.mre.engine.time.Timestamps;
import io.mre.engine.view.Values;
import io.mre.engine.view.Views;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.Decision;
import io.mre.proto.v1.DelegateDetail;
import io.mre.proto.v1.DormantCause;
import io.mre.proto.v1.DormantDetail;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.ExecuteDetail;
import io.mre.proto.v1.Header;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.NodeRef;
import io.mre.proto.v1.Outcome;
import io.mre.proto.v1.ReenterDetail;
import io.mre.proto.v1.ReentryCondition;
import io.mre.proto.v1.SignalRecord;
import io.mre.proto.v1.Step;
import io.mre.proto.v1.StepError;
import io.mre.proto.v1.TerminateDetail;
import io.mre.proto.v1.Verdict;
import io.mre.spi.Lifecycle;
import io.mre.spi.Reentry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns {@link HistoryEvent}s into the memory entries the engine would have written, folding as it goes so each
 * entry fits the state before it (attempt numbers, next step, pending conditions). Entries are one millisecond apart
 * after the header's creation time and recorded by the object's holder (the origin node until a delegation).
 */
final class HistoryWriter {
    static final String ORIGIN_NODE = "origin-node";
    private static final String BY_KIT = "recorded by the test kit";

    private final Header header;
    private final Intent intent;
    private final Fold fold;
    private final List<Entry> entries = new ArrayList<>();
    /** Signals that arrived while the object was active: recorded by the next entry, as a node records them. */
    private final List<SignalRecord> carried = new ArrayList<>();

    private NodeRef holder;

    private HistoryWriter(Header header, Intent intent) {
        this.header = header;
        this.intent = intent;
        this.fold = Fold.start(header);
        this.holder = NodeRef.newBuilder()
                .setNodeId(header.getOrigin().getAuthor())
                .setTrustDomain(header.getOrigin().getTrustDomain())
                .build();
    }

    /** The entries of {@code events}, complete but for chaining, digests and signatures. */
    static List<Entry> write(Header header, Intent intent, List<HistoryEvent> events) {
        HistoryWriter w = new HistoryWriter(header, intent);
        for (HistoryEvent e : events) {
            w.add(e);
        }
        w.flushCarriedSignals();
        return List.copyOf(w.entries);
    }

    private void add(HistoryEvent event) {
        FoldedState s = fold.state(intent);
        if (s.lifecycle() == Lifecycle.TERMINATED) {
            throw new IllegalStateException("nothing can happen after the object terminated: " + event);
        }
        Instant time = Timestamps.toInstant(header.getCreatedAt()).plusMillis(entries.size() + 1L);
        Entry.Builder e = Entry.newBuilder().setNode(holder).setTime(Timestamps.toProto(time));
        switch (event) {
            case HistoryEvent.Completed c ->
                execute(
                        e,
                        step(c.stepId()),
                        s.attemptsOf(c.stepId()) + 1,
                        false,
                        Outcome.newBuilder()
                                .setOutput(Values.toStruct(c.output()))
                                .build());
            case HistoryEvent.Failed f ->
                execute(
                        e,
                        step(f.stepId()),
                        s.attemptsOf(f.stepId()) + 1,
                        false,
                        Outcome.newBuilder()
                                .setError(StepError.newBuilder()
                                        .setCode(f.code())
                                        .setMessage("failed in the test history")
                                        .setRetryable(f.retryable()))
                                .build());
            case HistoryEvent.Compensated c -> {
                Step step = step(c.stepId());
                if (!step.hasCompensation()) {
                    throw new IllegalArgumentException("step '" + c.stepId() + "' has no compensation");
                }
                execute(
                        e,
                        step,
                        s.compensationAttempts().getOrDefault(c.stepId(), 0) + 1,
                        true,
                        Outcome.newBuilder()
                                .setOutput(Values.toStruct(Map.of()))
                                .build());
            }
            case HistoryEvent.Delegated d -> {
                NodeRef target = NodeRef.newBuilder()
                        .setNodeId(d.nodeId())
                        .setTrustDomain(d.trustDomain())
                        .build();
                e.setAction(Action.ACTION_DELEGATE)
                        .setStepId(s.nextStepId().orElse(""))
                        .setDecision(permit())
                        .setDelegate(DelegateDetail.newBuilder()
                                .setTarget(target)
                                .setTargetAddress("test://" + d.nodeId())
                                .setReason(BY_KIT));
                holder = target;
            }
            case HistoryEvent.Signalled g -> {
                if (!signal(e, s, g, time)) {
                    return;
                }
            }
            case HistoryEvent.WentDormant d -> {
                List<ReentryCondition> conditions = d.conditions().stream()
                        .map(r -> r instanceof Reentry.AfterDelay a ? Reentry.at(time.plus(a.delay())) : r)
                        .map(Views::reentry)
                        .toList();
                e.setAction(Action.ACTION_DORMANT)
                        .setStepId(s.nextStepId().orElse(""))
                        .setDecision(Decision.newBuilder()
                                .setVerdict(Verdict.VERDICT_DEFER)
                                .setReason(BY_KIT))
                        .setDormant(DormantDetail.newBuilder()
                                .addAllConditions(conditions)
                                .setCause(DormantCause.DORMANT_CAUSE_DEFER)
                                .setReason(BY_KIT));
            }
            case HistoryEvent.Reentered r -> {
                if (s.lifecycle() != Lifecycle.DORMANT) {
                    throw new IllegalStateException("reentered() needs a dormant object: add dormant(...) first");
                }
                e.setAction(Action.ACTION_REENTER)
                        .setStepId(s.dormantStep())
                        .setDecision(mandatory())
                        .setReenter(ReenterDetail.newBuilder()
                                .setSatisfied(s.pending().get(0)));
            }
            case HistoryEvent.Terminated t ->
                e.setAction(Action.ACTION_TERMINATE)
                        .setDecision(mandatory())
                        .setTerminate(TerminateDetail.newBuilder()
                                .setStatus(t.ending().toProto())
                                .setReason(t.reason()));
        }
        if (!carried.isEmpty()) {
            List<SignalRecord> signals = new ArrayList<>(carried);
            signals.addAll(e.getSignalsList());
            e.clearSignals().addAllSignals(signals);
            carried.clear();
        }
        Entry built = e.setObjectId(header.getObjectId()).setSeq(entries.size()).build();
        entries.add(built);
        fold.apply(built);
    }

    /**
     * Signals given last, on an active object, have no next entry to ride on: they are written alone, on a REENTER
     * that satisfies nothing. The builder's view shows them; a verifier refuses such an entry
     * ({@code REENTER_WITHOUT_DORMANT}), so a {@code signed} object needs an event after them.
     */
    private void flushCarriedSignals() {
        if (carried.isEmpty()) {
            return;
        }
        FoldedState s = fold.state(intent);
        Instant time = Timestamps.toInstant(header.getCreatedAt()).plusMillis(entries.size() + 1L);
        Entry.Builder e = Entry.newBuilder()
                .setNode(holder)
                .setTime(Timestamps.toProto(time))
                .setAction(Action.ACTION_REENTER)
                .setStepId(s.nextStepId().orElse(""))
                .setDecision(mandatory())
                .setReenter(ReenterDetail.getDefaultInstance())
                .addAllSignals(carried);
        carried.clear();
        Entry built = e.setObjectId(header.getObjectId()).setSeq(entries.size()).build();
        entries.add(built);
        fold.apply(built);
    }

    private void execute(Entry.Builder e, Step step, int attempt, boolean compensation, Outcome outcome) {
        String key = header.getObjectId() + "/" + step.getId() + "/" + attempt + (compensation ? "/compensate" : "");
        e.setAction(Action.ACTION_EXECUTE)
                .setStepId(step.getId())
                .setAttempt(attempt)
                .setDecision(permit())
                .setOutcome(outcome)
                .setExecute(ExecuteDetail.newBuilder()
                        .setOperation(compensation ? step.getCompensation().getOperation() : step.getOperation())
                        .setIdempotencyKey(key)
                        .setCompensation(compensation));
    }

    /**
     * As the engine does: a signal wakes a dormant object waiting for it, else it is kept while dormant; on an
     * active object it rides on the next entry. Returns whether {@code e} is an entry to write.
     */
    private boolean signal(Entry.Builder e, FoldedState s, HistoryEvent.Signalled g, Instant time) {
        SignalRecord record = SignalRecord.newBuilder()
                .setName(g.name())
                .setFromDomain(g.fromDomain())
                .setPayload(Values.toStruct(g.payload()))
                .setReceivedAt(Timestamps.toProto(time))
                .build();
        if (s.lifecycle() != Lifecycle.DORMANT) {
            carried.add(record);
            return false;
        }
        e.addSignals(record);
        Optional<ReentryCondition> waking = s.pending().stream()
                .filter(c -> c.hasSignal()
                        && c.getSignal().equals(g.name())
                        && (c.getSignalFromDomainsCount() == 0
                                || c.getSignalFromDomainsList().contains(g.fromDomain())))
                .findFirst();
        if (waking.isPresent()) {
            e.setAction(Action.ACTION_REENTER)
                    .setStepId(s.dormantStep())
                    .setDecision(mandatory())
                    .setReenter(ReenterDetail.newBuilder()
                            .setSatisfied(waking.get())
                            .setSignal(record));
        } else {
            e.setAction(Action.ACTION_DORMANT)
                    .setStepId(s.dormantStep())
                    .setDecision(mandatory())
                    .setDormant(DormantDetail.newBuilder()
                            .addAllConditions(s.pending())
                            .setCause(s.dormantCause())
                            .setReason("signal recorded; still waiting"));
        }
        return true;
    }

    private Step step(String id) {
        return intent.getStepsList().stream()
                .filter(s -> s.getId().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no step '" + id + "' in the plan "
                        + intent.getStepsList().stream().map(Step::getId).toList()));
    }

    private static Decision permit() {
        return Decision.newBuilder()
                .setVerdict(Verdict.VERDICT_PERMIT)
                .setReason(BY_KIT)
                .build();
    }

    private static Decision mandatory() {
        return Decision.newBuilder()
                .setVerdict(Verdict.VERDICT_UNSPECIFIED)
                .setReason(BY_KIT)
                .build();
    }
}
