package io.mre.engine;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import io.mre.crypto.SigningKey;
import io.mre.engine.codec.Digests;
import io.mre.engine.decide.PluginCalls;
import io.mre.engine.object.IntentValidator;
import io.mre.engine.object.WorkingObject;
import io.mre.engine.time.Timestamps;
import io.mre.engine.verify.VerifiedObject;
import io.mre.engine.verify.VerifiedSignatures;
import io.mre.engine.verify.Verifier;
import io.mre.engine.view.Values;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.Constraint;
import io.mre.proto.v1.ConstraintKind;
import io.mre.proto.v1.Decision;
import io.mre.proto.v1.DormantCause;
import io.mre.proto.v1.DormantDetail;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.ExecuteDetail;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.Outcome;
import io.mre.proto.v1.ReentryCondition;
import io.mre.proto.v1.SignalRecord;
import io.mre.proto.v1.Step;
import io.mre.proto.v1.StepError;
import io.mre.spi.HandlerResult;
import io.mre.spi.Invocation;
import io.mre.spi.Lifecycle;
import io.mre.spi.NodeFacts;
import io.mre.spi.OperationHandler;
import io.mre.spi.PeerView;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The evaluation engine of one node: verify → fold → decide (advisors, then policies) → act → append, cycling
 * until the object leaves the node (delegated, dormant, terminated) or the per-visit cycle budget is spent.
 * Free of transport, wiring and storage; thread-safe (each visit works on its own copy of the object).
 */
public final class Engine {
    private static final SecureRandom SPAN_IDS = new SecureRandom();

    private final EngineSettings settings;
    private final SigningKey key;
    private final NodeFacts self;
    private final Plugins plugins;
    private final PluginCalls calls;
    private final PeerDirectory peers;
    private final InstantSource clock;
    private final Verifier verifier;
    /** Entries whose signatures are known good here: verified before, or signed by this node. */
    private final VerifiedSignatures signaturesSeen = VerifiedSignatures.bounded(SIGNATURES_REMEMBERED);
    /** The shortest wait of a policy's deferral (see {@link #resolveDelays}). */
    public static final Duration MINIMUM_DEFERRAL = Duration.ofSeconds(1);

    /** Entry hashes kept as "signatures verified" (about 100 bytes each; see {@link VerifiedSignatures}). */
    private static final int SIGNATURES_REMEMBERED = 100_000;

    private final Decider decider;
    private final Decider dryRunDecider;

    public Engine(
            EngineSettings settings,
            SigningKey key,
            Map<String, String> labels,
            Plugins plugins,
            PeerDirectory peers,
            ExpressionEvaluator expressions,
            InstantSource clock) {
        this.settings = requireNonNull(settings, "settings is null");
        this.key = requireNonNull(key, "key is null");
        this.plugins = requireNonNull(plugins, "plugins is null");
        this.calls = plugins.calls();
        this.peers = requireNonNull(peers, "peers is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.self = new NodeFacts(
                key.nodeId(), key.trustDomain(), labels, plugins.handlers().keySet());
        this.verifier = new Verifier(settings.verifier(), Optional.of(signaturesSeen));
        this.decider = new Decider(self, plugins, peers, expressions, settings, false);
        this.dryRunDecider = new Decider(self, plugins, peers, expressions, settings, true);
    }

    /** This node's facts: id, trust domain, labels and the operations it executes. */
    public NodeFacts self() {
        return self;
    }

    public EngineSettings settings() {
        return settings;
    }

    /**
     * Verifies an object against this node's trust anchors and limits, then checks that its intent is runnable
     * (an object crafted without {@link io.mre.engine.object.ObjectFactory} may carry any intent); throws a precise
     * error otherwise.
     */
    public VerifiedObject verify(ExecutableObject object) {
        VerifiedObject verified = verifier.verify(object);
        IntentValidator.validate(object.getIntent());
        return verified;
    }

    /**
     * Checks that an intent can run on this mesh: well-formed, and every operation executed by this node or a
     * known peer. Throws {@code INVALID_INTENT} otherwise.
     */
    public void validateIntent(Intent intent) {
        IntentValidator.validate(intent);
        requireRunnable(intent);
    }

    /**
     * Checks that every operation of an intent already found well-formed ({@link #verify} checks that) is executed
     * by this node or a known peer. Throws {@code INVALID_INTENT} otherwise.
     */
    public void requireRunnable(Intent intent) {
        try {
            IntentValidator.requireKnownOperations(intent, knownOperations());
        } catch (MreException unknown) {
            // Perhaps only not known yet: ask the peers that have not described themselves, then decide.
            peers.refreshUndescribed();
            IntentValidator.requireKnownOperations(intent, knownOperations());
        }
    }

    private Set<String> knownOperations() {
        Set<String> known = new HashSet<>(self.capabilities());
        for (PeerView p : peers.peers()) {
            known.addAll(p.capabilities());
        }
        return known;
    }

    private static boolean unroutable(Choice choice) {
        return choice instanceof Choice.Record r
                && r.entry().getAction() == Action.ACTION_DORMANT
                && r.entry().getDormant().getCause() == DormantCause.DORMANT_CAUSE_NO_PEER;
    }

    /** Signature checks skipped so far: entries and author signatures verified before, or entries signed here. */
    public long signatureChecksSkipped() {
        return signaturesSeen.hits();
    }

    /** Runs cycles on a verified object until it leaves this node. */
    public Visit run(VerifiedObject object, VisitInput input) {
        WorkingObject w = new WorkingObject(object, key);
        List<SignalRecord> signals = input.signals();
        VisitInput current = input;
        boolean peersAsked = false;
        for (int cycle = 0; cycle < settings.maxCyclesPerVisit(); cycle++) {
            Instant now = clock.instant();
            Choice choice = decider.decide(w, now, signals, current);
            if (!peersAsked && unroutable(choice)) {
                // No known node can run the step: perhaps only not known yet (this node just started, or the
                // peer just came back). Ask the configured peers that have not described themselves, once per
                // visit, then decide again, as Submit does before refusing an intent.
                peersAsked = true;
                peers.refreshUndescribed();
                choice = decider.decide(w, now, signals, current);
            }
            if (choice instanceof Choice.Stay) {
                return visit(
                        w,
                        w.state().lifecycle() == Lifecycle.TERMINATED ? Visit.Exit.TERMINATED : Visit.Exit.DORMANT,
                        Optional.empty());
            }
            Entry appended = act(w, choice, now, signals);
            signals = List.of();
            current = new VisitInput(List.of(), Optional.empty(), input.unavailablePeers());
            switch (appended.getAction()) {
                case ACTION_DELEGATE -> {
                    return visit(w, Visit.Exit.DELEGATED, ((Choice.Record) choice).peer());
                }
                case ACTION_TERMINATE -> {
                    return visit(w, Visit.Exit.TERMINATED, Optional.empty());
                }
                default -> {}
            }
            // A DORMANT entry does not end the visit by itself: the next cycle re-enters at once when the condition
            // already holds (a signal that arrived before the await, a time already past) and stays otherwise.
        }
        return visit(
                w,
                w.state().lifecycle() == Lifecycle.DORMANT ? Visit.Exit.DORMANT : Visit.Exit.BUDGET_SPENT,
                Optional.empty());
    }

    /** Dry run: what this node would do next with the object, and why. Executes and appends nothing. */
    public Explanation explain(VerifiedObject object) {
        WorkingObject w = new WorkingObject(object, key);
        Choice choice = dryRunDecider.decide(w, clock.instant(), List.of(), VisitInput.NONE);
        return switch (choice) {
            case Choice.Stay s ->
                new Explanation(
                        w.state(),
                        Action.ACTION_UNSPECIFIED,
                        "",
                        List.of(),
                        Decision.getDefaultInstance(),
                        s.explanation());
            case Choice.Record r ->
                new Explanation(
                        w.state(),
                        r.entry().getAction(),
                        r.entry().getStepId(),
                        r.entry().getAdviceList(),
                        r.entry().getDecision(),
                        r.explanation());
            case Choice.Run r ->
                new Explanation(
                        w.state(),
                        Action.ACTION_EXECUTE,
                        r.step().getId(),
                        r.entry().getAdviceList(),
                        r.entry().getDecision(),
                        r.explanation());
        };
    }

    private Entry act(WorkingObject w, Choice choice, Instant now, List<SignalRecord> signals) {
        Entry.Builder entry;
        Intent intent = w.object().getIntent();
        io.mre.proto.v1.Context context = w.object().getContext();
        switch (choice) {
            case Choice.Record r -> {
                entry = r.entry();
                intent = r.intent();
                context = r.context();
                if (entry.getAction() == Action.ACTION_DORMANT) {
                    entry.setDormant(resolveDelays(entry.getDormant(), now));
                }
            }
            case Choice.Run r -> entry = execute(w, r);
            case Choice.Stay s -> throw new IllegalStateException("nothing to append");
        }
        entry.setNode(decider.selfRef())
                .setTime(Timestamps.toProto(now))
                .addAllSignals(signals)
                .setSpanId(newSpanId());
        return w.append(entry, intent, context);
    }

    private Entry.Builder execute(WorkingObject w, Choice.Run run) {
        Step step = run.step();
        String operation = run.compensation() ? step.getCompensation().getOperation() : step.getOperation();
        String key =
                w.objectId() + "/" + step.getId() + "/" + run.attempt() + (run.compensation() ? "/compensate" : "");
        OperationHandler handler = plugins.handlers().get(operation);
        Map<String, Map<String, Object>> outputs = w.outputs();
        Invocation invocation = new Invocation(
                w.objectId(),
                step.getId(),
                run.attempt(),
                key,
                run.compensation(),
                Values.toMap(run.compensation() ? step.getCompensation().getParams() : step.getParams()),
                w.inputView(),
                outputs,
                w.contextView());
        Optional<java.time.Duration> timeout = step.hasTimeout() && !run.compensation()
                ? Optional.of(Timestamps.toDuration(step.getTimeout()))
                : Optional.empty();
        Outcome outcome = switch (calls.handle(operation, handler, invocation, timeout)) {
            case HandlerResult.Success s ->
                Outcome.newBuilder()
                        .setOutput(redact(Values.toStruct(s.output()), run.constraints()))
                        .build();
            case HandlerResult.Failure f ->
                Outcome.newBuilder()
                        .setError(StepError.newBuilder()
                                .setCode(f.code())
                                .setMessage(f.message())
                                .setRetryable(f.retryable()))
                        .build();
        };
        return run.entry()
                .setAction(Action.ACTION_EXECUTE)
                .setStepId(step.getId())
                .setAttempt(run.attempt())
                .setOutcome(outcome)
                .setExecute(ExecuteDetail.newBuilder()
                        .setOperation(operation)
                        .setIdempotencyKey(key)
                        .setCompensation(run.compensation()));
    }

    private static com.google.protobuf.Struct redact(com.google.protobuf.Struct output, List<Constraint> constraints) {
        com.google.protobuf.Struct result = output;
        for (Constraint c : constraints) {
            if (c.getKind() == ConstraintKind.CONSTRAINT_KIND_REDACT_OUTPUT) {
                result = Redaction.remove(result, c.getValue());
            }
        }
        return result;
    }

    /**
     * Records delays as instants. A policy's deferral always waits: one whose time is already due (no delay, or an
     * instant past) waits {@link #MINIMUM_DEFERRAL}; otherwise the next cycle would re-enter at once, be deferred
     * again, and fill the history with DORMANT/REENTER pairs until the visit's budget ran out, visit after visit.
     */
    private static DormantDetail resolveDelays(DormantDetail dormant, Instant now) {
        boolean deferral = dormant.getCause() == DormantCause.DORMANT_CAUSE_DEFER;
        DormantDetail.Builder b = dormant.toBuilder().clearConditions();
        for (ReentryCondition c : dormant.getConditionsList()) {
            if (c.hasAfter()) {
                Instant at = now.plus(Timestamps.toDuration(c.getAfter()));
                b.addConditions(c.toBuilder()
                        .setAt(Timestamps.toProto(deferral && !at.isAfter(now) ? now.plus(MINIMUM_DEFERRAL) : at)));
            } else if (deferral && c.hasAt() && !Timestamps.toInstant(c.getAt()).isAfter(now)) {
                b.addConditions(c.toBuilder().setAt(Timestamps.toProto(now.plus(MINIMUM_DEFERRAL))));
            } else {
                b.addConditions(c);
            }
        }
        return b.build();
    }

    private Visit visit(WorkingObject w, Visit.Exit exit, Optional<PeerView> peer) {
        for (EntryEnvelope signedHere : w.appended()) {
            signaturesSeen.add(ByteString.copyFrom(Digests.entryHash(signedHere)));
        }
        return new Visit(w.toVerified(), w.state(), exit, w.appended(), peer);
    }

    private static String newSpanId() {
        byte[] b = new byte[8];
        SPAN_IDS.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
