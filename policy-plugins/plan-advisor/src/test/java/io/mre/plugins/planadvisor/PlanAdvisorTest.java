package io.mre.plugins.planadvisor;

import static io.mre.testkit.Candidate.compensating;
import static io.mre.testkit.Candidate.delegating;
import static io.mre.testkit.Candidate.executing;
import static io.mre.testkit.MreAssertions.assertThatAdvice;
import static io.mre.testkit.MreAssertions.assertThatRun;
import static io.mre.testkit.TestHandlers.succeeding;
import static io.mre.testkit.TestNodes.node;
import static io.mre.testkit.TestNodes.peer;
import static io.mre.testkit.TestObjects.intent;
import static io.mre.testkit.TestObjects.withCompensation;
import static io.mre.testkit.TestObjects.withParam;
import static org.assertj.core.api.Assertions.assertThat;

import io.mre.spi.ActionKind;
import io.mre.spi.Advice;
import io.mre.spi.Advisor;
import io.mre.spi.CandidateAction;
import io.mre.spi.Evaluation;
import io.mre.spi.MrePlugin;
import io.mre.spi.PlanPatch;
import io.mre.spi.PluginSettings;
import io.mre.spi.Policy;
import io.mre.spi.SpiVersion;
import io.mre.spi.StepView;
import io.mre.spi.Verdict;
import io.mre.testkit.EngineHarness;
import io.mre.testkit.EngineRun;
import io.mre.testkit.ObjectBuilder;
import io.mre.testkit.PolicyHarness;
import io.mre.testkit.StepSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class PlanAdvisorTest {
    private final PolicyHarness harness = PolicyHarness.defaults();
    private final ObjectBuilder claim = intent("claim.settle")
            .step("register", "claim.register")
            .step("check", "credit.check")
            .step("pay", "payment.transfer", withParam("amount", 25_000), withCompensation("payment.refund"))
            .input("amount", 25_000)
            .context(c -> c.withLabel("region", "eu"));
    private static final Map<String, Object> REINSURE = Map.of(
            "id",
            "reinsure",
            "operation",
            "reinsurance.quote",
            "params",
            Map.of("share", 0.5, "layers", 2),
            "routingDomain",
            "reinsurer.example",
            "maxAttempts",
            2);

    static Advisor advisor(List<Map<String, Object>> rules) {
        return new PlanAdvisorFactory().create(new PluginSettings("plan-advisor", Map.of("rules", rules)));
    }

    static Map<String, Object> rule(Object... keysAndValues) {
        Map<String, Object> rule = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            rule.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return rule;
    }

    private final Advisor reinsureLargeClaims = advisor(List.of(rule(
            "name",
            "reinsure-large-claims",
            "whenOperation",
            "payment.transfer",
            "whenInputAbove",
            Map.of("field", "amount", "value", 10_000),
            "insertBefore",
            "pay",
            "step",
            REINSURE,
            "rationale",
            "claims above 10000 are reinsured")));

    @Test
    void advise_conditionsHold_suggestsInsertingTheStepBeforeTheAnchor() {
        List<Advice> advice = harness.advise(
                        reinsureLargeClaims, claim.completed("register").completed("check"), executing("pay"))
                .advice();

        StepView expected = new StepView(
                "reinsure",
                "reinsurance.quote",
                Map.of("share", 0.5, "layers", 2.0),
                "reinsurer.example",
                List.of(),
                Map.of(),
                "",
                2);
        assertThat(advice)
                .containsExactly(
                        Advice.mutate(PlanPatch.insertAfter("check", expected), "claims above 10000 are reinsured"));
    }

    @Test
    void advise_amountAtOrBelowThreshold_saysNothing() {
        ObjectBuilder small = claim.input("amount", 10_000)
                .withSteps(claim.steps().stream()
                        .map(s -> s.id().equals("pay") ? s.withParam("amount", 10_000) : s)
                        .toList());

        assertThatAdvice(harness.advise(reinsureLargeClaims, small, executing("pay")))
                .hasNoAdvice();
    }

    @Test
    void advise_amountReadFromStepParamsWhenNotInInput() {
        ObjectBuilder paramsOnly = claim.withInput(Map.of());

        assertThatAdvice(harness.advise(reinsureLargeClaims, paramsOnly, executing("pay")))
                .suggestsInsertingStep("reinsurance.quote");
    }

    @Test
    void advise_otherOperation_saysNothing() {
        assertThatAdvice(harness.advise(reinsureLargeClaims, claim, executing("check")))
                .hasNoAdvice();
    }

    @Test
    void advise_stepAlreadyInThePlan_isNeverSuggestedAgain() {
        ObjectBuilder reinsured = claim.withSteps(List.of(
                claim.steps().get(0),
                claim.steps().get(1),
                StepSpec.of("reinsure", "reinsurance.quote"),
                claim.steps().get(2)));

        assertThatAdvice(harness.advise(reinsureLargeClaims, reinsured, executing("pay")))
                .hasNoAdvice();
    }

    @Test
    void advise_insertAfter_andDefaultAnchorBeforeTheCurrentStep() {
        Advisor after = advisor(List.of(rule("whenOperation", "claim.*", "insertAfter", "check", "step", REINSURE)));
        Advisor before = advisor(List.of(rule("whenOperation", "claim.*", "step", REINSURE)));

        assertThat(harness.advise(after, claim, executing("register")).advice())
                .singleElement()
                .satisfies(a ->
                        assertThat(a.patch().inserts().get(0).afterStepId()).isEqualTo("check"));
        assertThat(harness.advise(before, claim, executing("register")).advice())
                .singleElement()
                .satisfies(a -> assertThat(a.patch().inserts().get(0).afterStepId())
                        .as("at the start")
                        .isEmpty());
    }

    @Test
    void advise_neverRewritesThePast() {
        Advisor afterRegister = advisor(List.of(rule("insertAfter", "register", "step", REINSURE)));
        Advisor unknownAnchor = advisor(List.of(rule("insertAfter", "audit", "step", REINSURE)));

        assertThatAdvice(harness.advise(
                        afterRegister, claim.completed("register").completed("check"), executing("pay")))
                .as("check already ran after register")
                .hasNoAdvice();
        assertThatAdvice(harness.advise(reinsureLargeClaims, claim.attempts("pay", 1), executing("pay", 2)))
                .as("pay has started")
                .hasNoAdvice();
        assertThatAdvice(harness.advise(unknownAnchor, claim, executing("pay"))).hasNoAdvice();
    }

    @Test
    void advise_labelMatches_suggestsAnAction() {
        Advisor reroute = advisor(List.of(rule(
                "name",
                "eu-stays-in-eu",
                "whenLabel",
                Map.of("region", "eu"),
                "suggest",
                "delegate",
                "rationale",
                "EU claims are handled by the EU office")));

        assertThatAdvice(harness.advise(reroute, claim, executing("check")))
                .suggests(ActionKind.DELEGATE)
                .hasRationaleContaining("EU office");
        assertThatAdvice(harness.advise(reroute, claim.context(c -> c.withLabel("region", "us")), executing("check")))
                .hasNoAdvice();
    }

    @Test
    void advise_delegationCandidate_isAdvisedToo() {
        assertThatAdvice(harness.advise(
                        reinsureLargeClaims, claim, delegating("pay", peer("b1", "bank.example", "payment.transfer"))))
                .suggestsInsertingStep("reinsurance.quote");
    }

    @Test
    void advise_whileCompensating_saysNothing() {
        ObjectBuilder failing = claim.completed("register").completed("check").failed("pay");

        assertThatAdvice(harness.advise(reinsureLargeClaims, failing, compensating("check")))
                .hasNoAdvice();
    }

    @Test
    void advise_defaultRationale_namesTheRule() {
        Advisor unnamed = advisor(List.of(rule("whenOperation", "payment.*", "step", REINSURE)));

        assertThatAdvice(harness.advise(unnamed, claim, executing("pay")))
                .hasRationaleContaining("rule 'rules[0]': add step 'reinsure' (reinsurance.quote)");
    }

    @Test
    void engine_adviceBecomesAMutationWhenPoliciesPermitIt() {
        Advisor reinsureHere = advisor(List.of(rule(
                "whenOperation",
                "payment.transfer",
                "whenInputAbove",
                Map.of("field", "amount", "value", 10_000),
                "step",
                Map.of("id", "reinsure", "operation", "reinsurance.quote"))));
        EngineHarness node = EngineHarness.forNode(node("n1", "insurer.example"))
                .advisor(reinsureHere)
                .handler(succeeding("claim.register"))
                .handler(succeeding("credit.check"))
                .handler(succeeding("payment.transfer"))
                .handler(succeeding("payment.refund"))
                .handler(succeeding("reinsurance.quote"));

        // Only nodes of the owner domain (or of the intent's replan domains) may mutate (format 2).
        EngineRun run = node.run(claim.context(c -> c.withOwnerDomain("insurer.example")));

        assertThatRun(run).isCompleted();
        assertThat(run.actions())
                .containsSubsequence(
                        ActionKind.EXECUTE,
                        ActionKind.EXECUTE,
                        ActionKind.MUTATE,
                        ActionKind.EXECUTE,
                        ActionKind.EXECUTE,
                        ActionKind.TERMINATE);
        assertThat(run.state().completedSteps()).contains("reinsure");
    }

    @Test
    void engine_adviceIsIgnoredWhenAPolicyRejectsTheMutation() {
        Policy noPlanChanges = new Policy() {
            @Override
            public String name() {
                return "no-plan-changes";
            }

            @Override
            public Verdict evaluate(Evaluation evaluation) {
                return evaluation.candidate() instanceof CandidateAction.Mutate
                        ? Verdict.reject("plans are fixed")
                        : Verdict.permit();
            }
        };
        EngineHarness node = EngineHarness.forNode(node("n1", "insurer.example"))
                .advisor(reinsureLargeClaims)
                .policy(noPlanChanges)
                .handler(succeeding("claim.register"))
                .handler(succeeding("credit.check"))
                .handler(succeeding("payment.transfer"))
                .handler(succeeding("payment.refund"));

        EngineRun run = node.run(claim.context(c -> c.withOwnerDomain("insurer.example")));

        assertThatRun(run).isCompleted();
        assertThat(run.actions()).doesNotContain(ActionKind.MUTATE);
    }

    @Test
    void plugin_isDiscoveredWithItsFactory() {
        List<MrePlugin> plugins = ServiceLoader.load(MrePlugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();

        assertThat(plugins).singleElement().satisfies(plugin -> {
            assertThat(plugin.spiVersion()).isEqualTo(SpiVersion.CURRENT);
            assertThat(plugin.advisors()).extracting(f -> f.name()).containsExactly("plan-advisor");
        });
    }
}
