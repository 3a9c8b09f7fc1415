package io.mre.engine;

import static java.util.Objects.requireNonNull;

import io.mre.engine.decide.Authority;
import io.mre.engine.decide.Judgement;
import io.mre.engine.decide.PluginCalls;
import io.mre.engine.fold.FoldedState;
import io.mre.engine.object.PatchApplier;
import io.mre.engine.object.WorkingObject;
import io.mre.engine.time.Timestamps;
import io.mre.engine.verify.MutationRights;
import io.mre.engine.view.Views;
import io.mre.errors.ErrorCode;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.Advice;
import io.mre.proto.v1.Constraint;
import io.mre.proto.v1.ConstraintKind;
import io.mre.proto.v1.Context;
import io.mre.proto.v1.DelegateDetail;
import io.mre.proto.v1.DormantCause;
import io.mre.proto.v1.DormantDetail;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.FailureMode;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.IntentPatch;
import io.mre.proto.v1.MutateDetail;
import io.mre.proto.v1.NodeRef;
import io.mre.proto.v1.ReenterDetail;
import io.mre.proto.v1.ReentryCondition;
import io.mre.proto.v1.SignalRecord;
import io.mre.proto.v1.Step;
import io.mre.proto.v1.StepError;
import io.mre.proto.v1.StepInsertion;
import io.mre.proto.v1.TerminalStatus;
import io.mre.proto.v1.TerminateDetail;
import io.mre.spi.Advisor;
import io.mre.spi.CandidateAction;
import io.mre.spi.Evaluation;
import io.mre.spi.Lifecycle;
import io.mre.spi.NodeFacts;
import io.mre.spi.ObjectView;
import io.mre.spi.PeerView;
import io.mre.spi.PlanPatch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides one cycle: mandatory engine rules first (terminated, cancelled, expired, budgets), then the plan's
 * next move, then cognition (advisors) and authority (policies). Pure with respect to the object: it returns a
 * {@link Choice} and changes nothing.
 */
final class Decider {
    /** Longest backoff: about 10,000 years, the most a protobuf Duration holds (a dormant `at` is clamped anyway). */
    private static final double MAX_BACKOFF_SECONDS = 315_576_000_000.0;

    private final NodeFacts self;
    private final NodeRef selfRef;
    private final Plugins plugins;
    private final PluginCalls calls;
    private final Authority authority;
    private final PeerDirectory peers;
    private final ExpressionEvaluator expressions;
    private final EngineSettings settings;
    private final boolean dryRun;

    Decider(
            NodeFacts self,
            Plugins plugins,
            PeerDirectory peers,
            ExpressionEvaluator expressions,
            EngineSettings settings,
            boolean dryRun) {
        this.dryRun = dryRun;
        this.self = requireNonNull(self, "self is null");
        this.selfRef = NodeRef.newBuilder()
                .setNodeId(self.nodeId())
                .setTrustDomain(self.trustDomain())
                .build();
        this.plugins = requireNonNull(plugins, "plugins is null");
        this.calls = plugins.calls();
        this.authority = new Authority(plugins.policies(), calls);
        this.peers = requireNonNull(peers, "peers is null");
        this.expressions = requireNonNull(expressions, "expressions is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    NodeRef selfRef() {
        return selfRef;
    }

    private Evaluation evaluation(ObjectView view, CandidateAction candidate, Instant now) {
        return new Evaluation(view, candidate, self, now, dryRun);
    }

    /** Decides what {@code w} needs now; {@code signals} are inputs recorded by this cycle's entry. */
    Choice decide(WorkingObject w, Instant now, List<SignalRecord> signals, VisitInput input) {
        FoldedState state = w.state();
        Intent intent = w.object().getIntent();
        Context context = w.object().getContext();
        if (state.lifecycle() == Lifecycle.TERMINATED) {
            return new Choice.Stay("terminated " + state.terminalStatus());
        }
        if (input.cancelReason().isPresent()) {
            Choice cancelled = terminate(
                    w,
                    TerminalStatus.TERMINAL_STATUS_CANCELLED,
                    "cancelled: " + input.cancelReason().get(),
                    "");
            if (input.cancelledBy().isPresent() && cancelled instanceof Choice.Record r) {
                r.entry()
                        .getTerminateBuilder()
                        .setRequestedBy(input.cancelledBy().get());
            }
            return cancelled;
        }
        if (context.hasDeadline() && !now.isBefore(Timestamps.toInstant(context.getDeadline()))) {
            return terminate(
                    w,
                    TerminalStatus.TERMINAL_STATUS_EXPIRED,
                    "deadline " + Timestamps.toInstant(context.getDeadline()) + " passed",
                    "");
        }
        long cycleBudget = Integer.toUnsignedLong(context.getCycleBudget());
        if (cycleBudget > 0 && state.entries() + 1L >= cycleBudget) {
            return terminate(
                    w, TerminalStatus.TERMINAL_STATUS_EXPIRED, "cycle budget of " + cycleBudget + " entries spent", "");
        }
        if (state.lifecycle() == Lifecycle.DORMANT) {
            return wake(w, state, now, signals);
        }
        if (state.compensating()) {
            Step step = step(intent, state.compensationStack().get(0));
            return runOrRoute(
                    w,
                    step,
                    state.compensationAttempts().getOrDefault(step.getId(), 0) + 1,
                    true,
                    now,
                    input.unavailablePeers());
        }
        if (state.failedStepId().isPresent()) {
            return onFailure(w, intent, state);
        }
        if (state.nextStepId().isEmpty()) {
            return terminate(
                    w,
                    TerminalStatus.TERMINAL_STATUS_COMPLETED,
                    "all " + intent.getStepsCount() + " steps completed",
                    "");
        }
        Step step = step(intent, state.nextStepId().get());
        int made = state.attemptsOf(step.getId());
        if (step.hasAwaitCondition() && made == 0 && !state.awaitSatisfied().contains(step.getId())) {
            return dormant(
                    step.getId(),
                    List.of(step.getAwaitCondition()),
                    DormantCause.DORMANT_CAUSE_AWAIT,
                    "step '" + step.getId() + "' awaits " + describe(step.getAwaitCondition()),
                    Judgement.mandatory("await condition of the step"),
                    List.of(),
                    intent,
                    context);
        }
        if (made > 0
                && state.lastErrors().containsKey(step.getId())
                && state.backoffWaited().getOrDefault(step.getId(), -1) != made) {
            Duration backoff = backoff(step, made);
            if (!backoff.isZero()) {
                return dormant(
                        step.getId(),
                        List.of(ReentryCondition.newBuilder()
                                .setAt(Timestamps.toProto(now.plus(backoff)))
                                .build()),
                        DormantCause.DORMANT_CAUSE_RETRY_BACKOFF,
                        "attempt " + made + " of '" + step.getId() + "' failed; retry in " + backoff,
                        Judgement.mandatory("retry policy of the step"),
                        List.of(),
                        intent,
                        context);
            }
        }
        return runOrRoute(w, step, made + 1, false, now, input.unavailablePeers());
    }

    private Choice onFailure(WorkingObject w, Intent intent, FoldedState state) {
        String failed = state.failedStepId().orElseThrow();
        StepError error = state.lastErrors().get(failed);
        String why = "step '" + failed + "' failed: " + error.getCode() + " " + error.getMessage();
        if (intent.getOnFailure() == FailureMode.FAILURE_MODE_DORMANT_FOR_REVIEW
                && state.dormantCause() != DormantCause.DORMANT_CAUSE_REVIEW) {
            return dormant(
                    failed,
                    List.of(ReentryCondition.newBuilder().setSignal("review").build()),
                    DormantCause.DORMANT_CAUSE_REVIEW,
                    why + "; waiting for signal 'review'",
                    Judgement.mandatory("intent asks for review on failure"),
                    List.of(),
                    intent,
                    w.object().getContext());
        }
        int attempted = state.compensationAttempts().size();
        int compensated = state.compensated().size();
        String undo = attempted == 0
                ? ""
                : "; " + compensated + " completed step(s) compensated"
                        + (compensated < attempted
                                ? ", " + (attempted - compensated) + " compensation(s) given up"
                                : "");
        return terminate(w, TerminalStatus.TERMINAL_STATUS_FAILED, why + undo, failed);
    }

    private Choice wake(WorkingObject w, FoldedState state, Instant now, List<SignalRecord> inputs) {
        List<SignalRecord> available = new ArrayList<>(state.unconsumedSignals());
        available.addAll(inputs);
        ObjectView view = null;
        for (ReentryCondition c : state.pending()) {
            switch (c.getConditionCase()) {
                case AT -> {
                    if (!now.isBefore(Timestamps.toInstant(c.getAt()))) {
                        return reenter(
                                w, state, c, Optional.empty(), "time " + Timestamps.toInstant(c.getAt()) + " reached");
                    }
                }
                case SIGNAL -> {
                    for (SignalRecord s : available) {
                        if (s.getName().equals(c.getSignal())
                                && (c.getSignalFromDomainsCount() == 0
                                        || c.getSignalFromDomainsList().contains(s.getFromDomain()))) {
                            return reenter(
                                    w,
                                    state,
                                    c,
                                    Optional.of(s),
                                    "signal '" + s.getName() + "' from "
                                            + (s.getFromDomain().isEmpty()
                                                    ? "an unauthenticated caller"
                                                    : s.getFromDomain()));
                        }
                    }
                }
                case EXPRESSION -> {
                    if (view == null) {
                        view = view(w);
                    }
                    if (expressions != ExpressionEvaluator.NONE
                            && calls.holds(
                                    expressions.plugin(),
                                    expressions.name(),
                                    expressions::holds,
                                    c.getExpression(),
                                    view,
                                    view.objectId())) {
                        return reenter(w, state, c, Optional.empty(), "expression holds: " + c.getExpression());
                    }
                }
                default -> {}
            }
        }
        if (!inputs.isEmpty()) {
            // The signal does not wake the object: keep it as a recorded input rather than drop it.
            return dormant(
                    state.dormantStep(),
                    state.pending(),
                    state.dormantCause(),
                    "signal(s) recorded; still waiting for " + describeAll(state.pending()),
                    Judgement.mandatory("signal recorded"),
                    List.of(),
                    w.object().getIntent(),
                    w.object().getContext());
        }
        return new Choice.Stay("dormant until " + describeAll(state.pending()));
    }

    private Choice reenter(
            WorkingObject w, FoldedState state, ReentryCondition c, Optional<SignalRecord> signal, String why) {
        ReenterDetail.Builder d = ReenterDetail.newBuilder().setSatisfied(c);
        signal.ifPresent(d::setSignal);
        Entry.Builder e = Entry.newBuilder()
                .setAction(Action.ACTION_REENTER)
                .setStepId(state.dormantStep())
                .setDecision(Judgement.mandatory(why).decision())
                .setReenter(d);
        return new Choice.Record(
                e, w.object().getIntent(), w.object().getContext(), Optional.empty(), "re-enter: " + why);
    }

    private Choice runOrRoute(
            WorkingObject w, Step step, int attempt, boolean compensation, Instant now, Set<String> excluded) {
        Intent intent = w.object().getIntent();
        Context context = w.object().getContext();
        String operation = compensation ? step.getCompensation().getOperation() : step.getOperation();
        boolean local = canRunLocally(step, operation, context, List.of());
        CandidateAction candidate = local
                ? (compensation
                        ? new CandidateAction.Compensate(Views.step(step))
                        : new CandidateAction.Execute(Views.step(step), attempt))
                : firstPeer(step, operation, context, List.of(), excluded)
                        .<CandidateAction>map(p -> new CandidateAction.Delegate(Views.step(step), p))
                        .orElse(null);
        if (candidate == null) {
            return noPeer(w, step, operation, now);
        }
        List<Advice> advice = new ArrayList<>();
        Optional<Choice> mutation = advise(w, candidate, now, advice);
        if (mutation.isPresent()) {
            return mutation.get();
        }
        if (local) {
            Judgement j = authority.judge(() -> evaluation(w.view(), candidate, now));
            switch (j.verdict()) {
                case VERDICT_REJECT -> {
                    return rejected(w, step.getId(), j, advice);
                }
                case VERDICT_DEFER -> {
                    return dormant(
                            step.getId(),
                            j.reentries(),
                            DormantCause.DORMANT_CAUSE_DEFER,
                            "deferred: " + j.reason(),
                            j,
                            advice,
                            intent,
                            context);
                }
                default -> {
                    if (!canRunLocally(step, operation, context, j.constraints())) {
                        return route(w, step, operation, now, j.constraints(), advice, excluded);
                    }
                    Entry.Builder e =
                            Entry.newBuilder().setDecision(j.decision()).addAllAdvice(advice);
                    return new Choice.Run(
                            e,
                            step,
                            attempt,
                            compensation,
                            j.constraints(),
                            (compensation ? "compensate '" : "execute '") + step.getId() + "' (" + operation
                                    + ", attempt " + attempt + ")");
                }
            }
        }
        return route(w, step, operation, now, List.of(), advice, excluded);
    }

    /** Chooses a peer for {@code step}: every capable peer in order, each judged by the policies. */
    private Choice route(
            WorkingObject w,
            Step step,
            String operation,
            Instant now,
            List<Constraint> constraints,
            List<Advice> advice,
            Set<String> excluded) {
        Context context = w.object().getContext();
        long maxHops =
                context.getMaxHops() != 0 ? Integer.toUnsignedLong(context.getMaxHops()) : settings.defaultMaxHops();
        if (effectiveHops(w.state()) + 1L > maxHops) {
            return terminate(
                    w,
                    TerminalStatus.TERMINAL_STATUS_EXPIRED,
                    "hop limit of " + maxHops + " reached; step '" + step.getId() + "' cannot run here",
                    step.getId());
        }
        List<String> refusals = new ArrayList<>();
        Judgement last = null;
        for (PeerView peer : capablePeers(step, operation, context, constraints, excluded)) {
            Judgement j = authority.judge(
                    () -> evaluation(w.view(), new CandidateAction.Delegate(Views.step(step), peer), now));
            last = j;
            switch (j.verdict()) {
                case VERDICT_REJECT -> refusals.add(peer.nodeId() + "@" + peer.trustDomain() + " (" + j.reason() + ")");
                case VERDICT_DEFER -> {
                    return dormant(
                            step.getId(),
                            j.reentries(),
                            DormantCause.DORMANT_CAUSE_DEFER,
                            "deferred: " + j.reason(),
                            j,
                            advice,
                            w.object().getIntent(),
                            context);
                }
                default -> {
                    if (!peerMeets(peer, j.constraints())) {
                        refusals.add(peer.nodeId() + "@" + peer.trustDomain() + " (does not meet constraints)");
                        continue;
                    }
                    Entry.Builder e = Entry.newBuilder()
                            .setAction(Action.ACTION_DELEGATE)
                            .setStepId(step.getId())
                            .setDecision(j.decision())
                            .addAllAdvice(advice)
                            .setDelegate(DelegateDetail.newBuilder()
                                    .setTarget(NodeRef.newBuilder()
                                            .setNodeId(peer.nodeId())
                                            .setTrustDomain(peer.trustDomain()))
                                    .setTargetAddress(peer.address())
                                    .setReason("step '" + step.getId() + "' (" + operation + ") runs at "
                                            + peer.nodeId() + "@" + peer.trustDomain()));
                    return new Choice.Record(
                            e,
                            w.object().getIntent(),
                            context,
                            Optional.of(peer),
                            "delegate '" + step.getId() + "' to " + peer.nodeId() + "@" + peer.trustDomain());
                }
            }
        }
        if (last == null) {
            return noPeer(w, step, operation, now);
        }
        return rejected(
                w,
                step.getId(),
                new Judgement(
                        last.decision().toBuilder()
                                .setReason("no peer permitted for step '" + step.getId() + "': "
                                        + String.join("; ", refusals))
                                .build(),
                        List.of()),
                advice);
    }

    /**
     * Custody transfers that took effect. A DELEGATE that is the last entry counts at its target, but not here at
     * its delegator re-deciding after the transfer failed: the delegator's next entry takes it back (see Fold).
     */
    private int effectiveHops(FoldedState state) {
        boolean failedHere =
                state.lastAction() == Action.ACTION_DELEGATE && !state.holder().equals(selfRef);
        return state.hops() - (failedHere ? 1 : 0);
    }

    private Optional<Choice> advise(WorkingObject w, CandidateAction candidate, Instant now, List<Advice> advice) {
        if (plugins.advisors().isEmpty()) {
            return Optional.empty();
        }
        ObjectView view = w.view();
        Evaluation evaluation = evaluation(view, candidate, now);
        PlanPatch suggested = null;
        String suggestedBy = "";
        String rationale = "";
        for (Advisor advisor : plugins.advisors()) {
            List<io.mre.spi.Advice> given;
            switch (calls.advise(advisor, evaluation)) {
                case PluginCalls.Advised.Given g -> given = g.advice();
                case PluginCalls.Advised.Failed f -> {
                    advice.add(Advice.newBuilder()
                            .setAdvisor(advisor.name())
                            .setFailed(true)
                            .setRationale(f.rationale())
                            .build());
                    continue;
                }
            }
            for (io.mre.spi.Advice a : given) {
                if (a == null) {
                    advice.add(Advice.newBuilder()
                            .setAdvisor(advisor.name())
                            .setFailed(true)
                            .setRationale("advisor failed: returned a null advice")
                            .build());
                    continue;
                }
                Advice.Builder b = Advice.newBuilder()
                        .setAdvisor(advisor.name())
                        .setSuggestedAction(Views.action(a.suggestedAction()))
                        .setRationale(a.rationale());
                if (!a.patch().isEmpty()) {
                    b.setSuggestedPatch(toProto(a.patch()));
                    if (suggested == null) {
                        suggested = a.patch();
                        suggestedBy = advisor.name();
                        rationale = a.rationale();
                    }
                }
                advice.add(b.build());
            }
        }
        if (suggested == null) {
            return Optional.empty();
        }
        if (!MutationRights.mayMutate(
                self.trustDomain(),
                w.header(),
                w.object().getIntent(),
                w.object().getContext())) {
            return Optional.empty(); // recorded as advice; only the owner and replan domains may mutate
        }
        IntentPatch patch = toProto(suggested);
        Intent patched;
        try {
            patched = PatchApplier.apply(w.object().getIntent(), patch, w.state());
        } catch (MreException e) {
            return Optional.empty(); // advice that cannot apply (e.g. already applied) is recorded and ignored
        }
        Judgement j =
                authority.judge(evaluation(view, new CandidateAction.Mutate(suggested, rationale, suggestedBy), now));
        if (!j.allows()) {
            return Optional.empty();
        }
        Entry.Builder e = Entry.newBuilder()
                .setAction(Action.ACTION_MUTATE)
                .setDecision(j.decision())
                .addAllAdvice(advice)
                .setMutate(MutateDetail.newBuilder()
                        .setIntentPatch(patch)
                        .setReason(rationale)
                        .setSuggestedBy(suggestedBy));
        return Optional.of(new Choice.Record(
                e,
                patched,
                w.object().getContext(),
                Optional.empty(),
                "mutate the plan as " + suggestedBy + " advised: " + rationale));
    }

    // The peers that do not answer, with why: the entry then says what to fix, not only "no capable peer".
    private String unreachablePeers() {
        java.util.Map<String, String> down = peers.unreachable();
        if (down.isEmpty()) {
            return "";
        }
        List<String> each = new java.util.ArrayList<>();
        new java.util.TreeMap<>(down).forEach((address, why) -> each.add(address + ": " + why));
        return " (not answering: " + String.join("; ", each) + ")";
    }

    private Choice noPeer(WorkingObject w, Step step, String operation, Instant now) {
        Duration wait = noPeerWait(w.entries(), step.getId(), settings.noPeerRetryDelay(), settings.noPeerRetryMax());
        return dormant(
                step.getId(),
                List.of(ReentryCondition.newBuilder()
                        .setAt(Timestamps.toProto(now.plus(wait)))
                        .build()),
                DormantCause.DORMANT_CAUSE_NO_PEER,
                "no reachable node can run '" + step.getId() + "' (" + operation + "); retry in " + wait
                        + unreachablePeers(),
                Judgement.mandatory("no capable peer" + unreachablePeers()),
                List.of(),
                w.object().getIntent(),
                w.object().getContext());
    }

    private Choice rejected(WorkingObject w, String stepId, Judgement j, List<Advice> advice) {
        Entry.Builder e = Entry.newBuilder()
                .setAction(Action.ACTION_TERMINATE)
                .setStepId(stepId)
                .setDecision(j.decision())
                .addAllAdvice(advice)
                .setTerminate(TerminateDetail.newBuilder()
                        .setStatus(TerminalStatus.TERMINAL_STATUS_REJECTED)
                        .setReason(j.reason()));
        return new Choice.Record(
                e,
                w.object().getIntent(),
                w.object().getContext(),
                Optional.empty(),
                "terminate REJECTED: " + j.reason());
    }

    private Choice terminate(WorkingObject w, TerminalStatus status, String reason, String stepId) {
        Entry.Builder e = Entry.newBuilder()
                .setAction(Action.ACTION_TERMINATE)
                .setStepId(stepId)
                .setDecision(Judgement.mandatory(reason).decision())
                .setTerminate(TerminateDetail.newBuilder().setStatus(status).setReason(reason));
        return new Choice.Record(
                e,
                w.object().getIntent(),
                w.object().getContext(),
                Optional.empty(),
                "terminate " + status.name().replace("TERMINAL_STATUS_", "") + ": " + reason);
    }

    private Choice dormant(
            String stepId,
            List<ReentryCondition> conditions,
            DormantCause cause,
            String reason,
            Judgement j,
            List<Advice> advice,
            Intent intent,
            Context context) {
        Entry.Builder e = Entry.newBuilder()
                .setAction(Action.ACTION_DORMANT)
                .setStepId(stepId)
                .setDecision(j.decision())
                .addAllAdvice(advice)
                .setDormant(DormantDetail.newBuilder()
                        .addAllConditions(conditions)
                        .setCause(cause)
                        .setReason(reason));
        return new Choice.Record(e, intent, context, Optional.empty(), "dormant: " + reason);
    }

    private boolean canRunLocally(Step step, String operation, Context context, List<Constraint> constraints) {
        if (!plugins.handlers().containsKey(operation)) {
            return false;
        }
        String domain = step.getRouting().getTrustDomain();
        if (!domain.isEmpty() && !domain.equals(self.trustDomain())) {
            return false;
        }
        if (context.getAllowedDomainsCount() > 0
                && !context.getAllowedDomainsList().contains(self.trustDomain())) {
            return false;
        }
        if (!self.capabilities().containsAll(step.getRouting().getCapabilitiesList())) {
            return false;
        }
        if (!self.labels()
                .entrySet()
                .containsAll(step.getRouting().getLabelsMap().entrySet())) {
            return false;
        }
        return meets(self.trustDomain(), self.labels(), constraints);
    }

    private Optional<PeerView> firstPeer(
            Step step, String operation, Context context, List<Constraint> constraints, Set<String> excluded) {
        return capablePeers(step, operation, context, constraints, excluded).stream()
                .findFirst();
    }

    private List<PeerView> capablePeers(
            Step step, String operation, Context context, List<Constraint> constraints, Set<String> excluded) {
        List<PeerView> out = new ArrayList<>();
        String domain = step.getRouting().getTrustDomain();
        for (PeerView p : peers.peers()) {
            if (p.nodeId().equals(self.nodeId()) && p.trustDomain().equals(self.trustDomain())
                    || excluded.contains(p.nodeId())
                    || !p.capabilities().contains(operation)
                    || !p.capabilities().containsAll(step.getRouting().getCapabilitiesList())
                    || !domain.isEmpty() && !domain.equals(p.trustDomain())
                    || context.getAllowedDomainsCount() > 0
                            && !context.getAllowedDomainsList().contains(p.trustDomain())
                    || !p.labels()
                            .entrySet()
                            .containsAll(step.getRouting().getLabelsMap().entrySet())
                    || !meets(p.trustDomain(), p.labels(), constraints)) {
                continue;
            }
            out.add(p);
        }
        return out;
    }

    private static boolean peerMeets(PeerView peer, List<Constraint> constraints) {
        return meets(peer.trustDomain(), peer.labels(), constraints);
    }

    private static boolean meets(String domain, java.util.Map<String, String> labels, List<Constraint> constraints) {
        for (Constraint c : constraints) {
            if (c.getKind() == ConstraintKind.CONSTRAINT_KIND_REQUIRE_DOMAIN
                    && !c.getValue().equals(domain)) {
                return false;
            }
            if (c.getKind() == ConstraintKind.CONSTRAINT_KIND_REQUIRE_LABEL) {
                int eq = c.getValue().indexOf('=');
                if (!c.getValue()
                        .substring(eq + 1)
                        .equals(labels.get(c.getValue().substring(0, eq)))) {
                    return false;
                }
            }
        }
        return true;
    }

    ObjectView view(WorkingObject w) {
        return w.view();
    }

    static Duration backoff(Step step, int attemptsMade) {
        if (!step.getRetry().hasInitialBackoff()) {
            return Duration.ZERO;
        }
        double multiplier = step.getRetry().getBackoffMultiplier() <= 0
                ? 1
                : step.getRetry().getBackoffMultiplier();
        // In seconds as a double: nanoseconds overflow a long after 292 years, and multipliers grow fast.
        double seconds = seconds(Timestamps.toDuration(step.getRetry().getInitialBackoff()))
                * Math.pow(multiplier, Math.max(0, attemptsMade - 1));
        if (step.getRetry().hasMaxBackoff()) {
            seconds = Math.min(
                    seconds, seconds(Timestamps.toDuration(step.getRetry().getMaxBackoff())));
        }
        if (!(seconds > 0)) {
            return Duration.ZERO;
        }
        seconds = Math.min(seconds, MAX_BACKOFF_SECONDS);
        long whole = (long) seconds;
        return Duration.ofSeconds(whole, (long) ((seconds - whole) * 1e9));
    }

    /**
     * How long to wait before trying a step no reachable node could take: {@code first}, doubled for each no-peer
     * dormancy of the same step in the unbroken run that ends the history (with its REENTERs and the DELEGATEs
     * that were tried in between), at most {@code max}. Counted from the history, so the backoff survives restarts
     * and custody moves, and a peer down for a day costs about a hundred retries rather than thousands.
     */
    static Duration noPeerWait(List<Entry> history, String stepId, Duration first, Duration max) {
        if (first.compareTo(max) >= 0) {
            return max;
        }
        int waits = 0;
        scan:
        for (int i = history.size() - 1; i >= 0 && waits < MAX_DOUBLINGS; i--) {
            Entry e = history.get(i);
            if (!e.getStepId().equals(stepId)) {
                break;
            }
            switch (e.getAction()) {
                case ACTION_DORMANT -> {
                    if (e.getDormant().getCause() != DormantCause.DORMANT_CAUSE_NO_PEER) {
                        break scan;
                    }
                    waits++;
                }
                case ACTION_REENTER, ACTION_DELEGATE -> {}
                default -> {
                    break scan;
                }
            }
        }
        Duration wait = first.multipliedBy(1L << waits);
        return wait.compareTo(max) > 0 ? max : wait;
    }

    /** Beyond 2^30 times the first wait any sane cap is reached; stops the scan of a long run early. */
    private static final int MAX_DOUBLINGS = 30;

    private static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }

    private static Step step(Intent intent, String id) {
        for (Step s : intent.getStepsList()) {
            if (s.getId().equals(id)) {
                return s;
            }
        }
        throw new MreException(ErrorCode.INTERNAL, "step '" + id + "' is not in the plan");
    }

    static IntentPatch toProto(PlanPatch patch) {
        IntentPatch.Builder b = IntentPatch.newBuilder().addAllRemoveStepIds(patch.removeStepIds());
        for (PlanPatch.Insert i : patch.inserts()) {
            b.addInsertSteps(
                    StepInsertion.newBuilder().setAfterStepId(i.afterStepId()).setStep(Views.toStep(i.step())));
        }
        return b.build();
    }

    static String describe(ReentryCondition c) {
        return switch (c.getConditionCase()) {
            case AT -> "time " + Timestamps.toInstant(c.getAt());
            case AFTER -> "a delay of " + Timestamps.toDuration(c.getAfter());
            case SIGNAL ->
                "signal '" + c.getSignal() + "'"
                        + (c.getSignalFromDomainsCount() == 0 ? "" : " from " + c.getSignalFromDomainsList());
            case EXPRESSION -> "expression " + c.getExpression();
            case CONDITION_NOT_SET -> "nothing";
        };
    }

    static String describeAll(List<ReentryCondition> conditions) {
        return conditions.stream()
                .map(Decider::describe)
                .reduce((a, b) -> a + " or " + b)
                .orElse("nothing");
    }
}
