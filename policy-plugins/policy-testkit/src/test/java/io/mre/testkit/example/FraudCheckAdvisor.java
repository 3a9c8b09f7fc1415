package io.mre.testkit.example;

import io.mre.spi.Advice;
import io.mre.spi.Advisor;
import io.mre.spi.CandidateAction;
import io.mre.spi.Evaluation;
import io.mre.spi.PlanPatch;
import io.mre.spi.StepView;
import java.util.List;
import java.util.Map;

/** Suggests a fraud check before a large payment, unless the plan already has one. */
public final class FraudCheckAdvisor implements Advisor {
    @Override
    public String name() {
        return "fraud-check-advisor";
    }

    @Override
    public List<Advice> advise(Evaluation evaluation) {
        if (!(evaluation.candidate() instanceof CandidateAction.Execute run)
                || !run.target().operation().equals("payment.transfer")
                || !(run.target().params().get("amount") instanceof Number amount)
                || amount.doubleValue() <= 10_000
                || evaluation.object().intent().step("fraud-check").isPresent()) {
            return List.of();
        }
        List<StepView> steps = evaluation.object().intent().steps();
        int at = steps.indexOf(run.target());
        String after = at > 0 ? steps.get(at - 1).id() : "";
        return List.of(Advice.mutate(
                PlanPatch.insertAfter(after, StepView.of("fraud-check", "fraud.check", Map.of())),
                "payment of " + amount.longValue() + " above 10000: check for fraud first"));
    }
}
