package io.mre.engine.decide;

import static java.util.Objects.requireNonNull;

import io.mre.engine.view.Views;
import io.mre.proto.v1.Constraint;
import io.mre.proto.v1.ConstraintKind;
import io.mre.proto.v1.Decision;
import io.mre.proto.v1.PolicyJudgement;
import io.mre.proto.v1.ReentryCondition;
import io.mre.spi.Evaluation;
import io.mre.spi.Policy;
import io.mre.spi.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Authority: consults every policy on a candidate and combines the verdicts — any REJECT wins, then any DEFER,
 * then the constraints of every CONSTRAIN are merged, else PERMIT. The policies are run in turn, with one hand-over
 * to the invoker ({@link PluginCalls#policies}). A policy that throws fails closed (REJECT "policy error: ..."). With
 * no policies at all, the node permits.
 */
public final class Authority {
    private final List<Policy> policies;
    private final PluginCalls calls;

    public Authority(List<Policy> policies, PluginCalls calls) {
        this.policies = List.copyOf(policies);
        this.calls = requireNonNull(calls, "calls is null");
    }

    public List<Policy> policies() {
        return policies;
    }

    /**
     * Judges a candidate whose evaluation is built only when a policy needs it (a node without policies permits
     * without building the object's view).
     */
    public Judgement judge(java.util.function.Supplier<Evaluation> evaluation) {
        if (policies.isEmpty()) {
            return new Judgement(
                    Decision.newBuilder()
                            .setVerdict(io.mre.proto.v1.Verdict.VERDICT_PERMIT)
                            .setReason("no policy configured")
                            .build(),
                    List.of());
        }
        return judge(evaluation.get());
    }

    /** Judges {@code evaluation.candidate()}. */
    public Judgement judge(Evaluation evaluation) {
        List<PolicyJudgement> judgements = new ArrayList<>(policies.size());
        List<String> rejections = new ArrayList<>();
        List<String> deferrals = new ArrayList<>();
        List<ReentryCondition> reentries = new ArrayList<>();
        Set<Constraint> constraints = new LinkedHashSet<>();
        List<Verdict> verdicts = calls.policies(policies, evaluation);
        for (int i = 0; i < policies.size(); i++) {
            Policy policy = policies.get(i);
            Verdict verdict = verdicts.get(i);
            PolicyJudgement.Builder j =
                    PolicyJudgement.newBuilder().setPolicy(policy.name()).setReason(verdict.reason());
            switch (verdict) {
                case Verdict.Permit p -> j.setVerdict(io.mre.proto.v1.Verdict.VERDICT_PERMIT);
                case Verdict.Reject r -> {
                    j.setVerdict(io.mre.proto.v1.Verdict.VERDICT_REJECT);
                    rejections.add(policy.name() + ": " + r.reason());
                }
                case Verdict.Defer d -> {
                    ReentryCondition c = Views.reentry(d.reentry());
                    j.setVerdict(io.mre.proto.v1.Verdict.VERDICT_DEFER).setReentry(c);
                    deferrals.add(policy.name() + ": " + d.reason());
                    reentries.add(c);
                }
                case Verdict.Constrain c -> {
                    j.setVerdict(io.mre.proto.v1.Verdict.VERDICT_CONSTRAIN);
                    for (io.mre.spi.Constraint x : c.constraints()) {
                        Constraint proto = toProto(x);
                        j.addConstraints(proto);
                        constraints.add(proto);
                    }
                }
            }
            judgements.add(j.build());
        }
        Decision.Builder d = Decision.newBuilder().addAllJudgements(judgements);
        if (!rejections.isEmpty()) {
            d.setVerdict(io.mre.proto.v1.Verdict.VERDICT_REJECT).setReason(String.join("; ", rejections));
        } else if (!deferrals.isEmpty()) {
            d.setVerdict(io.mre.proto.v1.Verdict.VERDICT_DEFER).setReason(String.join("; ", deferrals));
        } else if (!constraints.isEmpty()) {
            d.setVerdict(io.mre.proto.v1.Verdict.VERDICT_CONSTRAIN)
                    .addAllConstraints(constraints)
                    .setReason("permitted within " + constraints.size() + " constraint(s)");
        } else {
            d.setVerdict(io.mre.proto.v1.Verdict.VERDICT_PERMIT)
                    .setReason(
                            policies.isEmpty()
                                    ? "no policy configured"
                                    : "permitted by " + policies.size() + " polic"
                                            + (policies.size() == 1 ? "y" : "ies"));
        }
        return new Judgement(d.build(), reentries);
    }

    private static Constraint toProto(io.mre.spi.Constraint c) {
        ConstraintKind kind = switch (c.kind()) {
            case REQUIRE_DOMAIN -> ConstraintKind.CONSTRAINT_KIND_REQUIRE_DOMAIN;
            case REQUIRE_LABEL -> ConstraintKind.CONSTRAINT_KIND_REQUIRE_LABEL;
            case REDACT_OUTPUT -> ConstraintKind.CONSTRAINT_KIND_REDACT_OUTPUT;
        };
        return Constraint.newBuilder().setKind(kind).setValue(c.value()).build();
    }
}
