package io.mre.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.mre.cli.report.ConditionReport;
import io.mre.cli.report.EntryReport;
import io.mre.cli.report.NodeName;
import io.mre.cli.report.ObjectReport;
import io.mre.cli.report.PeerReport;
import io.mre.cli.report.StatusReport;
import io.mre.engine.codec.Digests;
import io.mre.engine.codec.ObjectCodec;
import io.mre.engine.fold.Fold;
import io.mre.engine.fold.FoldedState;
import io.mre.engine.time.Timestamps;
import io.mre.proto.v1.Advice;
import io.mre.proto.v1.CallerRef;
import io.mre.proto.v1.Context;
import io.mre.proto.v1.DescribeResponse;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Header;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.IntentPatch;
import io.mre.proto.v1.MutateDetail;
import io.mre.proto.v1.NodeRef;
import io.mre.proto.v1.ObjectStatus;
import io.mre.proto.v1.ReentryCondition;
import io.mre.proto.v1.SignalRecord;
import io.mre.proto.v1.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns protobuf messages into the CLI's own report records; the only place that knows both. */
public final class Reports {
    private Reports() {}

    /** The whole object; {@code verification} is the offline check, when one was run. */
    public static ObjectReport object(ExecutableObject object, Optional<ObjectReport.Verification> verification) {
        Header header = ObjectCodec.header(object);
        List<EntryReport> entries = new ArrayList<>();
        List<Entry> decoded = new ArrayList<>();
        boolean foldable = true;
        List<EntryEnvelope> envelopes = object.getMemory().getEntriesList();
        for (int i = 0; i < envelopes.size(); i++) {
            EntryEnvelope envelope = envelopes.get(i);
            try {
                Entry entry = Entry.parseFrom(envelope.getEntry());
                decoded.add(entry);
                entries.add(entry(entry, envelope));
            } catch (InvalidProtocolBufferException e) {
                foldable = false;
                entries.add(undecodable(i, envelope, e.getMessage()));
            }
        }
        StatusReport status = null;
        if (foldable) {
            try {
                status = status(header.getObjectId(), Fold.of(header, decoded).state(object.getIntent()));
            } catch (RuntimeException e) {
                status = null; // a memory the engine cannot fold is shown entry by entry, without a status
            }
        }
        return new ObjectReport(
                ObjectReport.FORMAT,
                header.getObjectId(),
                header.getFormatVersion(),
                header.hasCreatedAt()
                        ? Timestamps.toInstant(header.getCreatedAt()).toString()
                        : null,
                new ObjectReport.Origin(
                        text(header.getOrigin().getAuthor()),
                        text(header.getOrigin().getTrustDomain())),
                object.getHeader().getSignaturesCount() > 0,
                intent(object.getIntent()),
                context(object.getContext()),
                status,
                entries,
                verification.orElse(null));
    }

    /** One entry from its envelope, decoding it. */
    public static EntryReport entry(long seq, EntryEnvelope envelope) {
        try {
            return entry(Entry.parseFrom(envelope.getEntry()), envelope);
        } catch (InvalidProtocolBufferException e) {
            return undecodable(seq, envelope, e.getMessage());
        }
    }

    /** One decoded entry; {@code envelope} gives its signatures and hash. */
    public static EntryReport entry(Entry e, EntryEnvelope envelope) {
        List<EntryReport.Judgement> policies = e.getDecision().getJudgementsList().stream()
                .map(j -> new EntryReport.Judgement(j.getPolicy(), name(j.getVerdict()), text(j.getReason())))
                .toList();
        List<EntryReport.ConstraintItem> constraints = e.getDecision().getConstraintsList().stream()
                .map(c -> new EntryReport.ConstraintItem(name(c.getKind()), c.getValue()))
                .toList();
        List<EntryReport.AdviceItem> advice =
                e.getAdviceList().stream().map(Reports::advice).toList();
        EntryReport.Outcome outcome = null;
        if (e.hasOutcome()) {
            outcome = switch (e.getOutcome().getResultCase()) {
                case OUTPUT -> new EntryReport.Outcome(json(e.getOutcome().getOutput()), null);
                case ERROR ->
                    new EntryReport.Outcome(
                            null,
                            new EntryReport.StepError(
                                    e.getOutcome().getError().getCode(),
                                    e.getOutcome().getError().getMessage(),
                                    e.getOutcome().getError().getRetryable()));
                case RESULT_NOT_SET -> null;
            };
        }
        EntryReport.Execute execute = null;
        EntryReport.Mutate mutate = null;
        EntryReport.Delegate delegate = null;
        EntryReport.Dormant dormant = null;
        EntryReport.Reenter reenter = null;
        EntryReport.Terminate terminate = null;
        switch (e.getDetailCase()) {
            case EXECUTE ->
                execute = new EntryReport.Execute(
                        e.getExecute().getOperation(),
                        e.getExecute().getIdempotencyKey(),
                        e.getExecute().getCompensation());
            case MUTATE -> mutate = mutate(e.getMutate());
            case DELEGATE ->
                delegate = new EntryReport.Delegate(
                        node(e.getDelegate().getTarget()),
                        text(e.getDelegate().getTargetAddress()),
                        text(e.getDelegate().getReason()));
            case DORMANT ->
                dormant = new EntryReport.Dormant(
                        name(e.getDormant().getCause()),
                        text(e.getDormant().getReason()),
                        e.getDormant().getConditionsList().stream()
                                .map(Reports::condition)
                                .toList());
            case REENTER ->
                reenter = new EntryReport.Reenter(
                        e.getReenter().hasSatisfied() ? condition(e.getReenter().getSatisfied()) : null,
                        e.getReenter().hasSignal() ? signal(e.getReenter().getSignal()) : null);
            case TERMINATE ->
                terminate = new EntryReport.Terminate(
                        name(e.getTerminate().getStatus()),
                        text(e.getTerminate().getReason()),
                        e.getTerminate().hasRequestedBy()
                                ? caller(e.getTerminate().getRequestedBy())
                                : null);
            case DETAIL_NOT_SET -> {}
        }
        return new EntryReport(
                e.getSeq(),
                e.hasTime() ? Timestamps.toInstant(e.getTime()).toString() : null,
                text(e.getNode().getNodeId()),
                text(e.getNode().getTrustDomain()),
                name(e.getAction()),
                text(e.getStepId()),
                e.getAttempt(),
                name(e.getDecision().getVerdict()),
                text(e.getDecision().getReason()),
                policies,
                constraints,
                advice,
                outcome,
                execute,
                mutate,
                delegate,
                dormant,
                reenter,
                terminate,
                e.getSignalsList().stream().map(Reports::signal).toList(),
                envelope.getSignaturesCount(),
                Digests.hex(Digests.entryHash(envelope)));
    }

    /** A status a node sent. */
    public static StatusReport status(ObjectStatus s) {
        return new StatusReport(
                s.getObjectId(),
                name(s.getLifecycle()),
                name(s.getTerminalStatus()),
                text(s.getNextStepId()),
                s.getEntries(),
                s.getHops(),
                s.hasHolder() ? node(s.getHolder()) : null,
                s.getPendingList().stream().map(Reports::condition).toList());
    }

    /** A status folded locally. */
    public static StatusReport status(String objectId, FoldedState s) {
        return new StatusReport(
                objectId,
                s.lifecycle().name(),
                name(s.terminalStatus()),
                s.nextStepId().orElse(null),
                s.entries(),
                s.hops(),
                node(s.holder()),
                s.pending().stream().map(Reports::condition).toList());
    }

    /** What a node says of itself. */
    public static PeerReport peer(DescribeResponse d) {
        return new PeerReport(
                d.getNode().getNodeId(),
                d.getNode().getTrustDomain(),
                text(d.getAddress()),
                text(d.getMode()),
                d.getServing(),
                d.getCapabilitiesList().stream().sorted().toList(),
                d.getLabelsMap(),
                d.getPluginsList().stream()
                        .map(p -> new PeerReport.Plugin(p.getName(), p.getKind(), p.getSource()))
                        .toList());
    }

    /** A reentry condition. */
    public static ConditionReport condition(ReentryCondition c) {
        return switch (c.getConditionCase()) {
            case AT ->
                new ConditionReport("at", Timestamps.toInstant(c.getAt()).toString(), null, null, List.of(), null);
            case AFTER ->
                new ConditionReport(
                        "after", null, Timestamps.toDuration(c.getAfter()).toString(), null, List.of(), null);
            case SIGNAL -> new ConditionReport("signal", null, null, c.getSignal(), c.getSignalFromDomainsList(), null);
            case EXPRESSION -> new ConditionReport("expression", null, null, null, List.of(), c.getExpression());
            case CONDITION_NOT_SET -> new ConditionReport("none", null, null, null, List.of(), null);
        };
    }

    /** A Struct as a JSON tree (the CLI's own type, not a protobuf one); whole numbers print without ".0". */
    public static JsonNode json(Struct struct) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        struct.getFieldsMap().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(f -> node.set(f.getKey(), json(f.getValue())));
        return node;
    }

    private static JsonNode json(Value value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (value.getKindCase()) {
            case STRUCT_VALUE -> json(value.getStructValue());
            case LIST_VALUE -> {
                ArrayNode list = f.arrayNode();
                value.getListValue().getValuesList().forEach(v -> list.add(json(v)));
                yield list;
            }
            case NUMBER_VALUE -> {
                double d = value.getNumberValue();
                yield d == Math.rint(d) && Math.abs(d) < 0x1p53 ? f.numberNode((long) d) : f.numberNode(d);
            }
            case STRING_VALUE -> f.textNode(value.getStringValue());
            case BOOL_VALUE -> f.booleanNode(value.getBoolValue());
            case NULL_VALUE, KIND_NOT_SET -> f.nullNode();
        };
    }

    private static EntryReport undecodable(long seq, EntryEnvelope envelope, String problem) {
        return new EntryReport(
                seq,
                null,
                null,
                null,
                "UNDECODABLE",
                null,
                0,
                null,
                "entry bytes are not a valid mre.v1.Entry: " + problem,
                List.of(),
                List.of(),
                List.of(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of(),
                envelope.getSignaturesCount(),
                Digests.hex(Digests.entryHash(envelope)));
    }

    private static ObjectReport.Intent intent(Intent intent) {
        List<ObjectReport.Step> steps =
                intent.getStepsList().stream().map(Reports::step).toList();
        return new ObjectReport.Intent(
                text(intent.getName()),
                text(intent.getVersion()),
                intent.getOnFailure().getNumber() == 0 ? "COMPENSATE" : name(intent.getOnFailure()),
                intent.hasInput() ? json(intent.getInput()) : null,
                steps);
    }

    private static ObjectReport.Step step(Step s) {
        return new ObjectReport.Step(
                s.getId(),
                s.getOperation(),
                text(s.getRouting().getTrustDomain()),
                s.hasCompensation() ? s.getCompensation().getOperation() : null,
                s.hasAwaitCondition() ? condition(s.getAwaitCondition()) : null,
                Math.max(1, s.getRetry().getMaxAttempts()));
    }

    private static ObjectReport.Context context(Context c) {
        return new ObjectReport.Context(
                text(c.getTenant()),
                text(c.getOwnerDomain()),
                text(c.getDataClassification()),
                c.getResidencyRegionsList(),
                c.getAllowedDomainsList(),
                c.hasDeadline() ? Timestamps.toInstant(c.getDeadline()).toString() : null,
                c.getMaxHops(),
                c.getPriority(),
                c.getCycleBudget(),
                c.getLabelsMap(),
                text(c.getTrace().getTraceparent()));
    }

    private static EntryReport.AdviceItem advice(Advice a) {
        return new EntryReport.AdviceItem(
                a.getAdvisor(),
                name(a.getSuggestedAction()),
                text(a.getRationale()),
                a.getFailed(),
                a.hasSuggestedPatch() ? intentPatch(a.getSuggestedPatch()) : null);
    }

    private static EntryReport.Mutate mutate(MutateDetail m) {
        EntryReport.Patch patch = switch (m.getPatchCase()) {
            case INTENT_PATCH -> intentPatch(m.getIntentPatch());
            case CONTEXT_PATCH ->
                new EntryReport.Patch(
                        "context",
                        List.of(),
                        List.of(),
                        List.of(),
                        m.getContextPatch().getSetLabelsMap(),
                        m.getContextPatch().getRemoveLabelsList(),
                        m.getContextPatch().hasDeadline()
                                ? Timestamps.toInstant(m.getContextPatch().getDeadline())
                                        .toString()
                                : null,
                        text(m.getContextPatch().getDataClassification()));
            case PATCH_NOT_SET -> null;
        };
        return new EntryReport.Mutate(text(m.getReason()), text(m.getSuggestedBy()), patch);
    }

    private static EntryReport.Patch intentPatch(IntentPatch p) {
        return new EntryReport.Patch(
                "intent",
                p.getInsertStepsList().stream()
                        .map(i -> new EntryReport.Insertion(
                                i.getStep().getId(), i.getStep().getOperation(), text(i.getAfterStepId())))
                        .toList(),
                p.getRemoveStepIdsList(),
                p.getReplaceStepsList().stream().map(Step::getId).toList(),
                Map.of(),
                List.of(),
                null,
                null);
    }

    private static EntryReport.SignalItem signal(SignalRecord s) {
        return new EntryReport.SignalItem(
                s.getName(),
                s.hasPayload() ? json(s.getPayload()) : null,
                text(s.getFromDomain()),
                s.hasReceivedAt() ? Timestamps.toInstant(s.getReceivedAt()).toString() : null,
                s.hasSender() ? caller(s.getSender()) : null);
    }

    private static EntryReport.Caller caller(CallerRef c) {
        return new EntryReport.Caller(text(c.getTrustDomain()), text(c.getName()), text(c.getSubject()), c.getLocal());
    }

    private static NodeName node(NodeRef n) {
        return new NodeName(n.getNodeId(), n.getTrustDomain());
    }

    /** {@code ACTION_EXECUTE} → {@code EXECUTE}; UNSPECIFIED and UNRECOGNIZED → null. */
    static String name(com.google.protobuf.ProtocolMessageEnum value) {
        String name = ((Enum<?>) value).name();
        if (name.endsWith("_UNSPECIFIED") || name.equals("UNRECOGNIZED")) {
            return null;
        }
        String type = value.getDescriptorForType().getName();
        String prefix = type.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT) + "_";
        return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
    }

    private static String text(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
