package io.mre.plugins.cel;

import static io.mre.testkit.Candidate.compensating;
import static io.mre.testkit.Candidate.delegating;
import static io.mre.testkit.Candidate.executing;
import static io.mre.testkit.Candidate.insertingStep;
import static io.mre.testkit.MreAssertions.assertThatRun;
import static io.mre.testkit.MreAssertions.assertThatVerdict;
import static io.mre.testkit.TestHandlers.succeeding;
import static io.mre.testkit.TestNodes.node;
import static io.mre.testkit.TestNodes.peer;
import static io.mre.testkit.TestObjects.intent;
import static io.mre.testkit.TestObjects.withCompensation;
import static io.mre.testkit.TestObjects.withParam;
import static org.assertj.core.api.Assertions.assertThat;

import io.mre.spi.Constraint;
import io.mre.spi.MrePlugin;
import io.mre.spi.PluginSettings;
import io.mre.spi.Policy;
import io.mre.spi.Reentry;
import io.mre.spi.SpiVersion;
import io.mre.testkit.EngineHarness;
import io.mre.testkit.EngineRun;
import io.mre.testkit.ObjectBuilder;
import io.mre.testkit.PolicyHarness;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class CelPolicyTest {
    private final PolicyHarness harness =
            PolicyHarness.forNode(node("n1", "insurer.example").withLabel("region", "eu-west"));
    private final ObjectBuilder claim = intent("claim.settle")
            .step("check", "credit.check")
            .step("pay", "payment.transfer", withParam("amount", 12_000), withCompensation("payment.refund"))
            .input("amount", 12_000)
            .input("count", 3)
            .context(c -> c.withTenant("acme").withLabel("channel", "web"));

    static Policy policy(Map<String, Object> settings) {
        return new CelPolicyFactory().create(new PluginSettings("cel", settings));
    }

    /** A policy of one rule. */
    static Policy rule(Object... keysAndValues) {
        Map<String, Object> rule = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            rule.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return policy(Map.of("rules", List.of(rule)));
    }

    @Test
    void reject_whenTheConditionHolds() {
        Policy p = rule(
                "name",
                "no-big-payments",
                "when",
                "candidate.kind == 'EXECUTE' && candidate.step.operation == 'payment.transfer'"
                        + " && object.intent.input.amount > 10000",
                "verdict",
                "reject",
                "reason",
                "too large for this node");

        assertThatVerdict(harness.evaluate(p, claim, executing("pay")))
                .isReject()
                .hasReason("too large for this node");
        assertThatVerdict(harness.evaluate(p, claim, executing("check")))
                .isPermit()
                .hasReason("no rule matched");
    }

    @Test
    void rules_firstMatchWins() {
        Policy p = policy(Map.of(
                "rules",
                List.of(
                        Map.of(
                                "when",
                                "object.context.tenant == 'acme'",
                                "verdict",
                                "permit",
                                "reason",
                                "acme is trusted"),
                        Map.of("when", "true", "verdict", "reject"))));

        assertThatVerdict(harness.evaluate(p, claim, executing("pay")))
                .isPermit()
                .hasReason("acme is trusted");
        assertThatVerdict(harness.evaluate(p, claim.context(c -> c.withTenant("globex")), executing("pay")))
                .isReject()
                .hasReason("rule 'rules[1]' matched");
    }

    @Test
    void otherwise_reject_refusesWhatNoRuleAllows() {
        Policy p = policy(Map.of(
                "otherwise",
                "reject",
                "rules",
                List.of(Map.of("when", "candidate.operation.startsWith('credit.')", "verdict", "permit"))));

        assertThatVerdict(harness.evaluate(p, claim, executing("check"))).isPermit();
        assertThatVerdict(harness.evaluate(p, claim, executing("pay"))).isReject();
    }

    @Test
    void defer_untilASignalFromDomains() {
        Policy p = rule(
                "when",
                "candidate.kind == 'EXECUTE' && object.intent.input.amount > 10000"
                        + " && !object.state.signals.exists(s, s.name == 'approved')",
                "verdict",
                "defer",
                "deferSignal",
                "approved",
                "deferFrom",
                List.of("insurer.example"));

        assertThatVerdict(harness.evaluate(p, claim, executing("pay")))
                .isDeferredUntilSignal("approved", "insurer.example");
        assertThatVerdict(harness.evaluate(p, claim.signal("approved", "insurer.example"), executing("pay")))
                .isPermit();
    }

    @Test
    void defer_forADelayOrUntilAnExpression() {
        assertThatVerdict(harness.evaluate(
                        rule("when", "true", "verdict", "defer", "deferFor", "30s"), claim, executing("pay")))
                .isDeferredFor(Duration.ofSeconds(30));
        String docs = "object.state.signals.exists(s, s.name == 'documents')";
        assertThatVerdict(harness.evaluate(
                        rule("when", "true", "verdict", "defer", "deferWhen", docs), claim, executing("pay")))
                .isDeferredUntil(new Reentry.WhenExpression(docs));
    }

    @Test
    void constrain_withTheListedConstraints() {
        Policy p = rule(
                "when",
                "object.context.labels.channel == 'web'",
                "verdict",
                "constrain",
                "requireDomain",
                "insurer.example",
                "requireLabel",
                List.of("tier=secure"),
                "redactOutput",
                List.of("customer.iban"));

        assertThatVerdict(harness.evaluate(p, claim, executing("pay")))
                .isConstrainedTo(
                        Constraint.requireDomain("insurer.example"),
                        Constraint.requireLabel("tier", "secure"),
                        Constraint.redactOutput("customer.iban"));
    }

    @Test
    void variables_candidateKinds() {
        Policy p = rule(
                "when",
                "candidate.kind == 'COMPENSATE' && candidate.operation == 'payment.refund'"
                        + " && candidate.step.operation == 'payment.transfer'",
                "verdict",
                "reject");
        Policy mutate = rule(
                "when",
                "candidate.kind == 'MUTATE' && candidate.suggestedBy == 'test-advisor'"
                        + " && candidate.patch.inserts.exists(i, i.step.operation == 'audit.log')",
                "verdict",
                "reject");

        assertThatVerdict(harness.evaluate(p, claim.completed("check").completed("pay"), compensating("pay")))
                .isReject();
        assertThatVerdict(harness.evaluate(p, claim, executing("pay"))).isPermit();
        assertThatVerdict(harness.evaluate(mutate, claim, insertingStep("check", "audit", "audit.log")))
                .isReject();
    }

    @Test
    void variables_peerNodeStateAndNow() {
        Policy p = rule(
                "when",
                "candidate.kind == 'DELEGATE' && candidate.peer.domain == 'shady.example'"
                        + " && candidate.peer.labels.region == 'us' && node.domain == 'insurer.example'"
                        + " && node.labels.region == 'eu-west' && object.state.hops == 1"
                        + " && now > timestamp('2026-01-01T00:00:00Z') && now.getDayOfWeek() == 1",
                "verdict",
                "reject");

        assertThatVerdict(harness.evaluate(
                        p,
                        claim.hops(1),
                        delegating(
                                "pay",
                                peer("x1", "shady.example", "payment.transfer").withLabel("region", "us"))))
                .isReject();
        assertThatVerdict(harness.evaluate(p, claim.hops(1), executing("pay")))
                .as("no peer: empty strings")
                .isPermit();
    }

    @Test
    void variables_historyStepsAndSignals() {
        Policy p = rule(
                "when",
                "size(object.history) == 3"
                        + " && object.history.exists(e, e.action == 'DELEGATE' && e.domain == 'origin.example')"
                        + " && object.intent.steps.map(s, s.id) == ['check', 'pay']"
                        + " && object.state.completedSteps == ['check']"
                        + " && object.state.signals.all(s, s.fromDomain == 'broker.example' && s.payload.ok)",
                "verdict",
                "reject");

        assertThatVerdict(harness.evaluate(
                        p,
                        claim.completed("check").hops(1).signal("docs", "broker.example", Map.of("ok", true)),
                        executing("pay")))
                .isReject();
        assertThatVerdict(harness.evaluate(p, claim.completed("check").hops(1), executing("pay")))
                .isPermit();
    }

    @Test
    void variables_numbersCompareAcrossIntAndDouble() {
        assertThatVerdict(harness.evaluate(
                        rule(
                                "when",
                                "object.intent.input.count == 3 && "
                                        + "object.intent.input.amount >= 12000.0 && candidate.attempt == 1",
                                "verdict",
                                "reject"),
                        claim,
                        executing("pay")))
                .isReject();
    }

    @Test
    void variables_deadlineIsAbsentUntilSet() {
        Policy p = rule(
                "when",
                "has(object.context.deadline) && object.context.deadline - now < duration('1h')",
                "verdict",
                "reject");

        assertThatVerdict(harness.evaluate(p, claim, executing("pay"))).isPermit();
        assertThatVerdict(harness.evaluate(
                        p, claim.context(c -> c.withDeadline(harness.now().plusSeconds(60))), executing("pay")))
                .isReject();
    }

    @Test
    void variables_inputFieldGuardedByHas_permitsAnObjectWithoutIt() {
        // The demo's treaty rule reads the claim amount this way: an intent without input.amount is not an error.
        Policy p = rule(
                "when", "has(object.intent.input.amount) && object.intent.input.amount > 5000000", "verdict", "reject");

        assertThatVerdict(harness.evaluate(p, intent("claim.settle").step("pay", "payment.transfer"), executing("pay")))
                .isPermit();
        assertThatVerdict(harness.evaluate(p, claim.input("amount", 6_000_000), executing("pay")))
                .isReject();
    }

    @Test
    void evaluate_ruleThatCannotBeEvaluated_failsClosedNamingTheRule() {
        Policy p = rule("name", "typo", "when", "object.intent.input.amout > 10", "verdict", "permit");

        assertThatVerdict(harness.evaluate(p, claim, executing("pay")))
                .isPolicyError()
                .hasReasonContaining("rule 'typo'")
                .hasReasonContaining("amout");
    }

    @Test
    void engine_deferWhenExpression_wakesThroughThePluginsExpressionEvaluator() {
        io.mre.spi.ExpressionEvaluator evaluator =
                new CelPlugin().expressionEvaluator().orElseThrow();
        assertThat(evaluator.language()).isEqualTo("cel");
        EngineHarness node = EngineHarness.forNode(node("n1", "insurer.example"))
                .policy(rule(
                        "when",
                        "candidate.kind == 'EXECUTE'" + " && !object.state.signals.exists(s, s.name == 'documents')",
                        "verdict",
                        "defer",
                        "deferWhen",
                        "object.state.signals.exists(s, s.name == 'documents')"))
                .handler(succeeding("credit.check"))
                .handler(succeeding("payment.transfer"))
                .withExpressions(evaluator);

        EngineRun parked = node.run(claim);
        assertThatRun(parked).isDormant();
        EngineRun recorded = node.signal(parked, "documents", "broker.example");

        assertThatRun(node.resume(recorded)).isCompleted();
    }

    @Test
    void plugin_isDiscoveredWithItsFactory() {
        List<MrePlugin> plugins = ServiceLoader.load(MrePlugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();

        assertThat(plugins).singleElement().satisfies(plugin -> {
            assertThat(plugin.spiVersion()).isEqualTo(SpiVersion.CURRENT);
            assertThat(plugin.policies()).extracting(f -> f.name()).containsExactly("cel");
        });
    }
}
