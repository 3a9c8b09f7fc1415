package io.mre.testkit.example;

import io.mre.spi.CandidateAction;
import io.mre.spi.Evaluation;
import io.mre.spi.Policy;
import io.mre.spi.Reentry;
import io.mre.spi.Verdict;
import java.util.Set;

/** Payments wait for the signal {@code approved} from the object's owner domain. */
public final class RequireApproval implements Policy {
    @Override
    public String name() {
        return "require-approval";
    }

    @Override
    public Verdict evaluate(Evaluation evaluation) {
        if (!(evaluation.candidate() instanceof CandidateAction.Execute run)
                || !run.target().operation().equals("payment.transfer")) {
            return Verdict.permit("not a payment");
        }
        String owner = evaluation.object().context().ownerDomain();
        boolean approved = evaluation.object().state().signals().stream()
                .anyMatch(s -> s.name().equals("approved") && s.fromDomain().equals(owner));
        return approved
                ? Verdict.permit("approved by " + owner)
                : Verdict.defer(Reentry.onSignal("approved", Set.of(owner)), "payment awaits approval by " + owner);
    }
}
