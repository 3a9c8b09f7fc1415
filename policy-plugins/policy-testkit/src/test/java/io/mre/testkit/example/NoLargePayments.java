package io.mre.testkit.example;

import io.mre.spi.CandidateAction;
import io.mre.spi.Evaluation;
import io.mre.spi.Policy;
import io.mre.spi.Verdict;

/** The kind of policy an author writes: no payment above a limit on this node, unless the object is labelled vip. */
public final class NoLargePayments implements Policy {
    private final long limit;

    public NoLargePayments(long limit) {
        this.limit = limit;
    }

    @Override
    public String name() {
        return "no-large-payments";
    }

    @Override
    public Verdict evaluate(Evaluation evaluation) {
        if (!(evaluation.candidate() instanceof CandidateAction.Execute run)
                || !run.target().operation().equals("payment.transfer")) {
            return Verdict.permit("not a payment");
        }
        if (!(run.target().params().get("amount") instanceof Number amount)) {
            return Verdict.reject("payment step '" + run.target().id() + "' has no amount");
        }
        if (amount.doubleValue() <= limit) {
            return Verdict.permit("payment of " + amount.longValue() + " within the limit of " + limit);
        }
        if ("true".equals(evaluation.object().context().labels().get("vip"))) {
            return Verdict.permit("vip: payment of " + amount.longValue() + " above the limit permitted");
        }
        return Verdict.reject("payment of " + amount.longValue() + " above the limit of " + limit);
    }
}
