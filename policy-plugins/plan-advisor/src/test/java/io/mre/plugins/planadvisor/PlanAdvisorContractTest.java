package io.mre.plugins.planadvisor;

import static io.mre.plugins.planadvisor.PlanAdvisorTest.rule;

import io.mre.spi.Advisor;
import io.mre.testkit.AdvisorContractTest;
import java.util.List;
import java.util.Map;

class PlanAdvisorContractTest extends AdvisorContractTest {
    @Override
    protected Advisor advisor() {
        return PlanAdvisorTest.advisor(List.of(
                rule(
                        "whenOperation",
                        "payment.*",
                        "whenInputAbove",
                        Map.of("field", "amount", "value", 10_000),
                        "step",
                        Map.of("id", "review", "operation", "claim.review")),
                rule(
                        "whenOperation",
                        "credit.*",
                        "insertAfter",
                        "pay",
                        "step",
                        Map.of("id", "notify", "operation", "notify.customer")),
                rule("whenLabel", Map.of("vip", "false"), "suggest", "delegate")));
    }
}
