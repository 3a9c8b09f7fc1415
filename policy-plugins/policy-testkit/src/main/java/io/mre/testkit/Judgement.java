package io.mre.testkit;

import static java.util.Objects.requireNonNull;

import io.mre.engine.view.Views;
import io.mre.proto.v1.PolicyJudgement;
import io.mre.spi.Constraint;
import io.mre.spi.Reentry;
import java.util.List;

/**
 * The combined judgement of several policies on one candidate, as a node records it in the entry: the combined
 * verdict and reason, each policy's own verdict, the merged constraints (for CONSTRAIN) and the reentry conditions
 * (for DEFER). A kit value: it stays the same when the engine's own types change. Assert on it with
 * {@link MreAssertions#assertThatJudgement}.
 *
 * @param verdict the combined verdict: any REJECT wins, then any DEFER, then CONSTRAIN, else PERMIT
 * @param reason the combined reason recorded in the entry
 * @param policies each policy consulted, in order, with its own verdict and reason
 * @param constraints the merged constraints of every CONSTRAIN
 * @param reentries the reentry conditions of every DEFER
 */
public record Judgement(
        VerdictKind verdict,
        String reason,
        List<PolicyVerdict> policies,
        List<Constraint> constraints,
        List<Reentry> reentries) {
    public Judgement {
        requireNonNull(verdict, "verdict is null");
        requireNonNull(reason, "reason is null");
        policies = List.copyOf(policies);
        constraints = List.copyOf(constraints);
        reentries = List.copyOf(reentries);
    }

    /** One policy's part in a judgement. */
    public record PolicyVerdict(String policy, VerdictKind verdict, String reason) {
        public PolicyVerdict {
            requireNonNull(policy, "policy is null");
            requireNonNull(verdict, "verdict is null");
            requireNonNull(reason, "reason is null");
        }
    }

    /** PERMIT or CONSTRAIN: the action may go ahead. */
    public boolean allows() {
        return verdict == VerdictKind.PERMIT || verdict == VerdictKind.CONSTRAIN;
    }

    /** The engine's judgement as a kit value. */
    static Judgement of(io.mre.engine.decide.Judgement j) {
        return new Judgement(
                VerdictKind.of(j.verdict()),
                j.reason(),
                j.decision().getJudgementsList().stream().map(Judgement::policy).toList(),
                j.constraints().stream().map(JudgementAssert::constraint).toList(),
                j.reentries().stream().map(Views::reentry).toList());
    }

    private static PolicyVerdict policy(PolicyJudgement j) {
        return new PolicyVerdict(j.getPolicy(), VerdictKind.of(j.getVerdict()), j.getReason());
    }
}
