package io.mre.engine.verify;

import com.google.protobuf.ByteString;
import io.mre.engine.MreException;
import io.mre.engine.codec.Digests;
import io.mre.engine.fold.Fold;
import io.mre.engine.fold.FoldedState;
import io.mre.engine.object.PatchApplier;
import io.mre.engine.time.Timestamps;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.Context;
import io.mre.proto.v1.DormantCause;
import io.mre.proto.v1.DormantDetail;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.FailureMode;
import io.mre.proto.v1.Header;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.NodeRef;
import io.mre.proto.v1.ReenterDetail;
import io.mre.proto.v1.ReentryCondition;
import io.mre.proto.v1.Step;
import io.mre.proto.v1.TerminalStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replays a history as the verifier walks it: before an entry is folded, checks that it is a lawful transition of
 * the state the entries before it fold to, under the intent and context as they stood then (a MUTATE's patch is
 * applied here, so the next entries are judged under the new plan). The rules are the table "Replay" of
 * docs/object-format.md. Not thread-safe; one per verification.
 */
final class Replay {
    private static final ReentryCondition REVIEW_SIGNAL =
            ReentryCondition.newBuilder().setSignal("review").build();

    private final String objectId;
    private final Header header;
    private final Fold fold;
    private final boolean enabled;
    private final boolean hasGenesis;
    /** False when the intent/context before the first entry are unknown (no genesis and a changed carried copy). */
    private final boolean known;

    private Intent intent;
    private Context context;
    private Map<String, Step> steps;
    private Entry previous;

    /**
     * @param fold the verifier's fold, folded by the verifier after each {@link #check}
     * @param intent the intent at creation (the genesis, or the carried intent when it still has the initial digest)
     * @param known whether {@code intent} and {@code context} are the ones at creation
     */
    Replay(
            String objectId,
            Header header,
            Fold fold,
            Intent intent,
            Context context,
            boolean hasGenesis,
            boolean known) {
        this(objectId, header, fold, intent, context, hasGenesis, known, true);
    }

    private Replay(
            String objectId,
            Header header,
            Fold fold,
            Intent intent,
            Context context,
            boolean hasGenesis,
            boolean known,
            boolean enabled) {
        this.enabled = enabled;
        this.objectId = objectId;
        this.header = header;
        this.fold = fold;
        this.hasGenesis = hasGenesis;
        this.known = known;
        this.intent = intent;
        this.context = context;
    }

    /** A replay that checks nothing ({@link VerifierSettings#bytesOnly()}). */
    static Replay off(String objectId, Header header, Fold fold, Intent intent, Context context) {
        return new Replay(objectId, header, fold, intent, context, true, false, false);
    }

    /** The intent after the entries checked so far. */
    Intent intent() {
        return intent;
    }

    /**
     * Checks entry {@code seq} against the state before it (the fold has not folded it yet); {@code intentDigest}
     * and {@code contextDigest} are the digests recorded before it. After a MUTATE, {@link #intent()} is the new
     * intent.
     */
    void check(int seq, Entry e, ByteString intentDigest, ByteString contextDigest) {
        if (!enabled) {
            return;
        }
        Entry before = previous;
        previous = e;
        if (before != null && before.getAction() == Action.ACTION_DELEGATE) {
            NodeRef target = before.getDelegate().getTarget();
            if (!e.getNode().equals(target) && !e.getNode().equals(before.getNode())) {
                refuse(
                        IntegrityRule.CUSTODY_NOT_CONTINUED,
                        seq,
                        "entry seq " + (seq - 1) + " delegated custody to "
                                + node(target) + ", but this entry is appended by " + node(e.getNode())
                                + " (only the target, or the delegator after a failed transfer, may continue)");
            }
        }
        if (e.getAction() == Action.ACTION_MUTATE && !hasGenesis) {
            refuse(
                    IntegrityRule.GENESIS_MISSING,
                    seq,
                    "a MUTATE cannot be replayed: the object carries no genesis intent and context");
        }
        if (!known) {
            return; // the carried intent/context check at the end refuses the object
        }
        boolean dormant = before != null && before.getAction() == Action.ACTION_DORMANT;
        switch (e.getAction()) {
            case ACTION_EXECUTE -> execute(seq, e, state(), dormant);
            case ACTION_MUTATE -> mutate(seq, e, state(), dormant, intentDigest, contextDigest);
            case ACTION_DELEGATE -> delegate(seq, e, dormant);
            case ACTION_DORMANT -> dormant(seq, e, state(), dormant);
            case ACTION_REENTER -> reenter(seq, e, state(), dormant);
            case ACTION_TERMINATE -> terminate(seq, e, state());
            default -> {}
        }
    }

    private FoldedState state() {
        return fold.state(intent);
    }

    private void execute(int seq, Entry e, FoldedState s, boolean dormant) {
        if (dormant) {
            refuse(IntegrityRule.NOT_ACTIVE, seq, "an EXECUTE while the object is dormant (no REENTER before it)");
        }
        String id = e.getStepId();
        Step step = step(id);
        if (step == null) {
            refuse(IntegrityRule.EXECUTE_OUT_OF_ORDER, seq, "step '" + id + "' is not in the plan");
            return;
        }
        if (e.getExecute().getCompensation()) {
            if (!s.compensating() || !s.compensationStack().get(0).equals(id)) {
                refuse(
                        IntegrityRule.EXECUTE_OUT_OF_ORDER,
                        seq,
                        "compensation of '" + id + "' is not expected "
                                + (s.compensating()
                                        ? "(next to compensate: '"
                                                + s.compensationStack().get(0) + "')"
                                        : "(nothing is being compensated)"));
            }
            int made = s.compensationAttempts().getOrDefault(id, 0);
            if (e.getAttempt() != made + 1L) {
                refuse(
                        IntegrityRule.ATTEMPT_OUT_OF_SEQUENCE,
                        seq,
                        "compensation attempt " + e.getAttempt() + " of '" + id + "' after " + made + " attempt(s)");
            }
        } else {
            if (s.compensating()) {
                refuse(
                        IntegrityRule.EXECUTE_OUT_OF_ORDER,
                        seq,
                        "step '" + id + "' runs while the fold expects the " + "compensation of '"
                                + s.compensationStack().get(0) + "'");
            } else if (s.failedStepId().isPresent()) {
                if (s.failedStepId().get().equals(id)) {
                    refuse(
                            IntegrityRule.RETRY_LIMIT_EXCEEDED,
                            seq,
                            "step '" + id + "' already failed for good after "
                                    + s.attemptsOf(id) + " attempt(s) (retry policy allows " + Fold.maxAttempts(step)
                                    + (s.extraAttempts().containsKey(id)
                                            ? " + " + s.extraAttempts().get(id) + " granted by review"
                                            : "")
                                    + ")");
                } else {
                    refuse(
                            IntegrityRule.EXECUTE_OUT_OF_ORDER,
                            seq,
                            "step '" + id + "' runs after step '"
                                    + s.failedStepId().get() + "' failed for good");
                }
            } else if (!s.nextStepId().equals(Optional.of(id))) {
                refuse(
                        IntegrityRule.EXECUTE_OUT_OF_ORDER,
                        seq,
                        "step '" + id + "' is not the next step ("
                                + s.nextStepId().map(n -> "'" + n + "'").orElse("none: every step completed") + ")");
            }
            int made = s.attemptsOf(id);
            if (e.getAttempt() != made + 1L) {
                refuse(
                        IntegrityRule.ATTEMPT_OUT_OF_SEQUENCE,
                        seq,
                        "attempt " + e.getAttempt() + " of '" + id + "' after " + made + " attempt(s)");
            }
            if (step.hasAwaitCondition() && made == 0 && !s.awaitSatisfied().contains(id)) {
                refuse(
                        IntegrityRule.AWAIT_NOT_SATISFIED,
                        seq,
                        "step '" + id + "' awaits a condition that no " + "REENTER has satisfied");
            }
        }
        String domain = e.getNode().getTrustDomain();
        String routed = step.getRouting().getTrustDomain();
        if (!routed.isEmpty() && !routed.equals(domain)) {
            refuse(
                    IntegrityRule.EXECUTE_OUT_OF_ROUTE,
                    seq,
                    "step '" + id + "' is routed to " + routed + " but executed by " + node(e.getNode()));
        }
        if (context.getAllowedDomainsCount() > 0
                && !context.getAllowedDomainsList().contains(domain)) {
            refuse(
                    IntegrityRule.EXECUTE_OUT_OF_ROUTE,
                    seq,
                    "step '" + id + "' executed by " + node(e.getNode()) + ", outside the allowed domains "
                            + context.getAllowedDomainsList());
        }
    }

    private void mutate(
            int seq, Entry e, FoldedState s, boolean dormant, ByteString intentDigest, ByteString contextDigest) {
        if (dormant) {
            refuse(IntegrityRule.NOT_ACTIVE, seq, "a MUTATE while the object is dormant");
        }
        String domain = e.getNode().getTrustDomain();
        if (!MutationRights.mayMutate(domain, header, intent, context)) {
            refuse(
                    IntegrityRule.MUTATE_NOT_ALLOWED,
                    seq,
                    node(e.getNode()) + " may not mutate: only the owner domain "
                            + MutationRights.owner(header, context)
                            + (intent.getReplanDomainsCount() == 0
                                    ? ""
                                    : " and the replan domains " + intent.getReplanDomainsList())
                            + " may");
        }
        Intent newIntent = intent;
        Context newContext = context;
        try {
            switch (e.getMutate().getPatchCase()) {
                case INTENT_PATCH ->
                    newIntent = PatchApplier.apply(intent, e.getMutate().getIntentPatch(), s);
                case CONTEXT_PATCH ->
                    newContext = PatchApplier.apply(context, e.getMutate().getContextPatch());
                default -> {}
            }
        } catch (MreException x) {
            refuse(IntegrityRule.MUTATE_NOT_DERIVABLE, seq, "the recorded patch does not apply: " + x.getMessage());
            return;
        }
        ByteString newIntentDigest =
                newIntent == intent ? intentDigest : ByteString.copyFrom(Digests.intentDigest(newIntent));
        if (!newIntentDigest.equals(e.getIntentDigest())) {
            refuse(
                    IntegrityRule.MUTATE_NOT_DERIVABLE,
                    seq,
                    "the recorded patch yields intent digest "
                            + Digests.shortHex(newIntentDigest.toByteArray()) + ", the entry records "
                            + Digests.shortHex(e.getIntentDigest().toByteArray()));
        }
        ByteString newContextDigest =
                newContext == context ? contextDigest : ByteString.copyFrom(Digests.contextDigest(newContext));
        if (!newContextDigest.equals(e.getContextDigest())) {
            refuse(
                    IntegrityRule.MUTATE_NOT_DERIVABLE,
                    seq,
                    "the recorded patch yields context digest "
                            + Digests.shortHex(newContextDigest.toByteArray()) + ", the entry records "
                            + Digests.shortHex(e.getContextDigest().toByteArray()));
        }
        if (newIntent != intent) {
            intent = newIntent;
            steps = null;
        }
        context = newContext;
    }

    private void delegate(int seq, Entry e, boolean dormant) {
        if (dormant) {
            refuse(IntegrityRule.NOT_ACTIVE, seq, "a DELEGATE while the object is dormant");
        }
        NodeRef target = e.getDelegate().getTarget();
        if (target.getNodeId().isEmpty() || target.getTrustDomain().isEmpty()) {
            refuse(IntegrityRule.DELEGATE_NOT_ALLOWED, seq, "the DELEGATE names no target node and domain");
        }
        if (context.getAllowedDomainsCount() > 0
                && !context.getAllowedDomainsList().contains(target.getTrustDomain())) {
            refuse(
                    IntegrityRule.DELEGATE_NOT_ALLOWED,
                    seq,
                    "delegated to " + node(target) + ", outside the allowed domains "
                            + context.getAllowedDomainsList());
        }
    }

    private void dormant(int seq, Entry e, FoldedState s, boolean dormant) {
        DormantDetail d = e.getDormant();
        String id = e.getStepId();
        DormantCause cause = d.getCause();
        if (dormant) {
            // Still waiting (a signal was recorded that does not wake it): the same wait goes on.
            if (cause != s.dormantCause() || !id.equals(s.dormantStep())) {
                refuse(
                        IntegrityRule.DORMANT_UNLAWFUL,
                        seq,
                        "a dormant object stays dormant with another cause or "
                                + "step (" + cause + " '" + id + "'; it waits: " + s.dormantCause() + " '"
                                + s.dormantStep()
                                + "')");
            }
            if ((cause == DormantCause.DORMANT_CAUSE_AWAIT || cause == DormantCause.DORMANT_CAUSE_REVIEW)
                    && !d.getConditionsList().equals(s.pending())) {
                refuse(
                        IntegrityRule.DORMANT_UNLAWFUL,
                        seq,
                        "the conditions of a continuing " + cause + " differ from the pending ones");
            }
            return;
        }
        switch (cause) {
            case DORMANT_CAUSE_AWAIT -> {
                Step step = step(id);
                boolean expected = step != null
                        && s.nextStepId().equals(Optional.of(id))
                        && step.hasAwaitCondition()
                        && s.attemptsOf(id) == 0
                        && !s.awaitSatisfied().contains(id);
                if (!expected) {
                    refuse(
                            IntegrityRule.DORMANT_UNLAWFUL,
                            seq,
                            "step '" + id + "' is not a next step waiting for its " + "await condition");
                } else if (!d.getConditionsList().equals(List.of(resolved(step.getAwaitCondition(), e)))) {
                    refuse(
                            IntegrityRule.DORMANT_UNLAWFUL,
                            seq,
                            "an await dormancy of '" + id + "' must wait for the "
                                    + "step's await condition (an `after` recorded as `at` = entry time + delay)");
                }
            }
            case DORMANT_CAUSE_REVIEW -> {
                if (!s.failedStepId().equals(Optional.of(id))
                        || intent.getOnFailure() != FailureMode.FAILURE_MODE_DORMANT_FOR_REVIEW
                        || !d.getConditionsList().equals(List.of(REVIEW_SIGNAL))) {
                    refuse(
                            IntegrityRule.DORMANT_UNLAWFUL,
                            seq,
                            "a review dormancy needs a step failed for good ('"
                                    + id + "' is " + (s.failedStepId().equals(Optional.of(id)) ? "" : "not ")
                                    + "), an intent that asks for review, and the one condition signal 'review'");
                }
            }
            case DORMANT_CAUSE_RETRY_BACKOFF -> {
                if (!s.nextStepId().equals(Optional.of(id)) || !s.lastErrors().containsKey(id)) {
                    refuse(
                            IntegrityRule.DORMANT_UNLAWFUL,
                            seq,
                            "a retry backoff of '" + id + "', which is not a next " + "step whose last attempt failed");
                }
            }
            default -> {} // a policy's deferral, no reachable peer: the node's own choice
        }
    }

    private void reenter(int seq, Entry e, FoldedState s, boolean dormant) {
        if (!dormant) {
            refuse(IntegrityRule.REENTER_WITHOUT_DORMANT, seq, "a REENTER that follows no DORMANT entry");
            return;
        }
        ReenterDetail r = e.getReenter();
        ReentryCondition c = r.getSatisfied();
        if (!e.getStepId().equals(s.dormantStep())) {
            refuse(
                    IntegrityRule.REENTER_CONDITION_UNMET,
                    seq,
                    "re-enters step '" + e.getStepId() + "', but the dormancy concerns '" + s.dormantStep() + "'");
        }
        if (!s.pending().contains(c)) {
            refuse(IntegrityRule.REENTER_CONDITION_UNMET, seq, "names a condition the DORMANT entry does not list");
            return;
        }
        switch (c.getConditionCase()) {
            case AT -> {
                Instant at = Timestamps.toInstant(c.getAt());
                if (Timestamps.toInstant(e.getTime()).isBefore(at)) {
                    refuse(
                            IntegrityRule.REENTER_CONDITION_UNMET,
                            seq,
                            "re-enters at " + Timestamps.toInstant(e.getTime()) + ", before the condition's time "
                                    + at);
                }
            }
            case SIGNAL -> {
                boolean recorded = r.hasSignal()
                        && (s.unconsumedSignals().contains(r.getSignal())
                                || e.getSignalsList().contains(r.getSignal()));
                boolean matches = r.getSignal().getName().equals(c.getSignal())
                        && (c.getSignalFromDomainsCount() == 0
                                || c.getSignalFromDomainsList()
                                        .contains(r.getSignal().getFromDomain()));
                if (!recorded || !matches) {
                    refuse(
                            IntegrityRule.REENTER_CONDITION_UNMET,
                            seq,
                            !recorded
                                    ? "names a signal that is not recorded (or already used)"
                                    : "signal '" + r.getSignal().getName() + "' from '"
                                            + r.getSignal().getFromDomain()
                                            + "' does not satisfy the condition (signal '" + c.getSignal() + "' from "
                                            + (c.getSignalFromDomainsCount() == 0
                                                    ? "anyone"
                                                    : c.getSignalFromDomainsList())
                                            + ")");
                }
            }
            case EXPRESSION -> {} // not re-evaluated: expression support is a node's option (docs/object-format.md)
            default ->
                refuse(
                        IntegrityRule.REENTER_CONDITION_UNMET,
                        seq,
                        "names a condition that cannot hold (" + c.getConditionCase() + ")");
        }
    }

    private void terminate(int seq, Entry e, FoldedState s) {
        TerminalStatus status = e.getTerminate().getStatus();
        switch (status) {
            case TERMINAL_STATUS_COMPLETED -> {
                if (s.failedStepId().isPresent() || s.nextStepId().isPresent()) {
                    refuse(
                            IntegrityRule.TERMINATE_STATUS_UNLAWFUL,
                            seq,
                            "COMPLETED, but "
                                    + s.failedStepId()
                                            .map(f -> "step '" + f + "' failed")
                                            .orElseGet(() ->
                                                    "step '" + s.nextStepId().get() + "' has not succeeded"));
                }
            }
            case TERMINAL_STATUS_FAILED -> {
                if (s.failedStepId().isEmpty() || s.compensating()) {
                    refuse(
                            IntegrityRule.TERMINATE_STATUS_UNLAWFUL,
                            seq,
                            s.failedStepId().isEmpty()
                                    ? "FAILED, but no step failed for good"
                                    : "FAILED before compensating '"
                                            + s.compensationStack().get(0) + "'");
                }
            }
            case TERMINAL_STATUS_REJECTED, TERMINAL_STATUS_CANCELLED, TERMINAL_STATUS_EXPIRED -> {}
            default -> refuse(IntegrityRule.TERMINATE_STATUS_UNLAWFUL, seq, "TERMINATE without a terminal status");
        }
    }

    private Step step(String id) {
        if (steps == null) {
            steps = new HashMap<>();
            for (Step s : intent.getStepsList()) {
                steps.putIfAbsent(s.getId(), s);
            }
        }
        return steps.get(id);
    }

    /** A condition as a DORMANT entry records it: an `after` becomes `at` = the entry's time + the delay. */
    private static ReentryCondition resolved(ReentryCondition c, Entry e) {
        if (!c.hasAfter()) {
            return c;
        }
        Instant at = Timestamps.toInstant(e.getTime()).plus(Timestamps.toDuration(c.getAfter()));
        return c.toBuilder().setAt(Timestamps.toProto(at)).build();
    }

    private static String node(NodeRef n) {
        return n.getNodeId() + "@" + n.getTrustDomain();
    }

    private void refuse(IntegrityRule rule, int seq, String detail) {
        throw IntegrityViolation.of(objectId, rule, seq, detail);
    }
}
