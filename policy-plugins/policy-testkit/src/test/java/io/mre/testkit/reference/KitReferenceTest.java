package io.mre.testkit.reference;

import static io.mre.testkit.CallerHarness.caller;
import static io.mre.testkit.CallerHarness.decide;
import static io.mre.testkit.CallerHarness.query;
import static io.mre.testkit.CallerHarness.signalQuery;
import static io.mre.testkit.Candidate.compensating;
import static io.mre.testkit.Candidate.delegatingTo;
import static io.mre.testkit.Candidate.executing;
import static io.mre.testkit.Candidate.insertingStep;
import static io.mre.testkit.MreAssertions.assertThatAdvice;
import static io.mre.testkit.MreAssertions.assertThatJudgement;
import static io.mre.testkit.MreAssertions.assertThatResult;
import static io.mre.testkit.MreAssertions.assertThatRun;
import static io.mre.testkit.MreAssertions.assertThatVerdict;
import static io.mre.testkit.TestHandlers.failing;
import static io.mre.testkit.TestHandlers.succeeding;
import static io.mre.testkit.TestHandlers.throwing;
import static io.mre.testkit.TestNodes.node;
import static io.mre.testkit.TestNodes.peer;
import static io.mre.testkit.TestObjects.intent;
import static io.mre.testkit.TestObjects.routedTo;
import static io.mre.testkit.TestObjects.withCompensation;
import static io.mre.testkit.TestObjects.withParam;
import static io.mre.testkit.TestObjects.withRetries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mre.spi.ActionKind;
import io.mre.spi.CallerQuery;
import io.mre.spi.CallerVerdict;
import io.mre.spi.ClientRequest;
import io.mre.spi.InvalidSettingsException;
import io.mre.spi.PluginSettings;
import io.mre.spi.Policy;
import io.mre.spi.Reentry;
import io.mre.spi.Verdict;
import io.mre.testkit.Ending;
import io.mre.testkit.EngineHarness;
import io.mre.testkit.EngineRun;
import io.mre.testkit.Exit;
import io.mre.testkit.Judgement;
import io.mre.testkit.ObjectBuilder;
import io.mre.testkit.PolicyHarness;
import io.mre.testkit.PolicyRunner;
import io.mre.testkit.TestClock;
import io.mre.testkit.VerdictKind;
import io.mre.testkit.example.CreditCheck;
import io.mre.testkit.example.FraudCheckAdvisor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The examples of docs/plugins.md's kit reference, compiled and run in the build: each block between
 * {@code // tag::NAME[]} and {@code // end::NAME[]} appears verbatim in the guide (DocsKitReferenceTest checks it).
 */
class KitReferenceTest {
    private static final String OWNER = "insurer.example";

    // tag::objects[]
    ObjectBuilder payment = intent("supplier.pay")
            .withOrigin(OWNER) // origin and owner domain
            .input("amount", 12_000) // the intent's input (numbers arrive as Double)
            .step("check", "credit.check", withParam("applicant", "ACME"))
            .step(
                    "pay",
                    "payment.transfer",
                    withParam("to", "ACME"),
                    withCompensation("payment.refund"),
                    withRetries(3))
            .step("quote", "reinsurance.quote", routedTo("reinsurer.example"));
    ObjectBuilder checked = payment.completed("check", Map.of("score", 710)); // history: a step done
    ObjectBuilder reviewed = checked.signal("reviewed", OWNER); // history: a signal received
    // end::objects[]

    // tag::policy-settings[]
    static Policy amountCap(Map<String, Object> settings) { // settings as the YAML gives them
        return new AmountCap.Factory().create(new PluginSettings("amount-cap", settings));
    }

    Policy policy = amountCap(Map.of("review", 5_000, "max", 50_000));
    // end::policy-settings[]

    // tag::harness[]
    PolicyHarness harness = PolicyHarness.forNode(node("n1", OWNER)).withNow(TestClock.MONDAY_10AM); // evaluation.now()
    // end::harness[]

    @Test
    void policy_verdicts() {
        // tag::policy-verdicts[]
        assertThatVerdict(harness.evaluate(policy, checked, executing("pay")))
                .isDefer()
                .isDeferredUntilSignal("reviewed", OWNER)
                .hasReasonContaining("awaits review by insurer.example");
        assertThatVerdict(harness.evaluate(policy, reviewed, executing("pay"))).isPermit();
        assertThatVerdict(harness.evaluate(policy, payment.input("amount", 90_000), executing("pay")))
                .isReject()
                .hasReasonContaining("above the cap of 50000");
        assertThatVerdict(harness.evaluate(policy, checked, compensating("pay")))
                .isPermit();
        assertThatVerdict(harness.evaluate(
                        policy, checked, delegatingTo(peer("b1", "bureau.example", "payment.transfer"))))
                .allows();
        // end::policy-verdicts[]
    }

    @Test
    void policy_settings() {
        // tag::policy-bad-settings[]
        assertThatThrownBy(() -> amountCap(Map.of("review", 5_000)))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessage("amount-cap: missing setting 'max'");
        assertThatThrownBy(() -> amountCap(Map.of("review", 5_000, "max", "lots")))
                .hasMessage("amount-cap: setting 'max' must be an integer, got 'lots'");
        // end::policy-bad-settings[]
    }

    @Test
    void policy_combinedWithOthers_andFailingClosed() {
        // tag::judge[]
        Policy throwing = new Policy() {
            public String name() {
                return "broken";
            }

            public Verdict evaluate(io.mre.spi.Evaluation e) {
                throw new ClassCastException("Double cannot be cast to Long");
            }
        };
        assertThatVerdict(harness.evaluate(throwing, checked, executing("pay")))
                .isPolicyError()
                .hasReasonContaining("ClassCastException"); // fails closed, as on a node
        assertThatJudgement(harness.judge(List.of(policy), reviewed, executing("pay")))
                .isPermit();
        assertThatJudgement(harness.judge(List.of(policy), checked, executing("pay")))
                .isDefer()
                .isDeferredUntilSignal("reviewed", OWNER);
        // end::judge[]
    }

    @Test
    void kitValues_areReadWithoutTheEngine() {
        // tag::kit-values[]
        Judgement j = harness.judge(List.of(policy), checked, executing("pay")); // a kit value, not the engine's
        assertThat(j.verdict()).isEqualTo(VerdictKind.DEFER);
        assertThat(j.policies())
                .containsExactly(new Judgement.PolicyVerdict(
                        "amount-cap",
                        VerdictKind.DEFER,
                        "payment of 12000 above 5000 awaits review by insurer.example"));
        assertThat(j.reentries()).containsExactly(Reentry.onSignal("reviewed", Set.of(OWNER)));

        PolicyHarness limited = harness.withRunner(PolicyRunner.withTimeLimit(Duration.ofMillis(500)));
        assertThatVerdict(limited.evaluate(policy, reviewed, executing("pay"))).isPermit(); // as a node runs it

        EngineRun run = EngineHarness.forNode(node("n1", OWNER)).policy(policy).run(checked);
        assertThat(run.exit()).isEqualTo(Exit.DORMANT); // why the visit ended
        assertThat(run.state().completedSteps()).containsExactly("check"); // the SPI's StateView
        // end::kit-values[]
    }

    @Test
    void policy_inARealEngine_waitsForTheSignalThenPays() {
        // tag::engine[]
        EngineHarness engine = EngineHarness.forNode(node("n1", OWNER))
                .plugin(new AmountCap.Plugin(), Map.of("amount-cap", Map.of("review", 5_000, "max", 50_000)))
                .handler(succeeding("credit.check", Map.of("score", 710)))
                .handler(succeeding("payment.transfer"))
                .peer(peer("r1", "reinsurer.example", "reinsurance.quote"));

        EngineRun first = engine.run(payment); // verify, fold, decide, sign, append
        EngineRun afterReview = engine.signal(first, "reviewed", OWNER);

        assertThatRun(first).isDormant().hasEntryWithReasonContaining("awaits review");
        assertThatRun(afterReview).isDelegatedTo("r1"); // paid, then the quote runs at the reinsurer
        // end::engine[]
    }

    @Test
    void policy_inARealEngine_timers() {
        // tag::engine-clock[]
        EngineHarness engine = EngineHarness.forNode(node("n1", OWNER))
                .withClock(TestClock.startingNow()) // a clock you advance
                .handler(failing("payment.transfer", "BANK_DOWN")) // a retryable failure, every time
                .handler(succeeding("payment.refund"));
        ObjectBuilder pay = intent("pay").withOrigin(OWNER).step("pay", "payment.transfer", withRetries(2));

        EngineRun run = engine.run(pay);
        engine.clock().advance(Duration.ofMinutes(5)); // past the retry backoff
        EngineRun later = engine.resume(run);

        assertThatRun(later).hasEnded(Ending.FAILED);
        // end::engine-clock[]
    }

    @Test
    void advisor() {
        // tag::advisor[]
        ObjectBuilder bigPayment = intent("supplier.pay")
                .step("check", "credit.check")
                .step("pay", "payment.transfer", withParam("amount", 12_000));

        assertThatAdvice(harness.advise(new FraudCheckAdvisor(), bigPayment.completed("check"), executing("pay")))
                .isNotFailed()
                .suggests(ActionKind.MUTATE)
                .suggestsInsertingStep("fraud.check")
                .hasRationaleContaining("check for fraud first");
        assertThatJudgement(harness.judge(
                        List.of(policy), bigPayment, insertingStep("check", "fraud-check", "fraud.check")))
                .isPermit(); // what policies say of the plan change
        // end::advisor[]
    }

    @Test
    void handler() {
        // tag::handler[]
        ObjectBuilder scoring = intent("score").step("check", "credit.check", withParam("applicant", "ACME"));

        assertThatResult(harness.invoke(new CreditCheck(), scoring, "check")).hasOutputEntry("applicant", "ACME");
        assertThatResult(harness.invoke(new CreditCheck(), intent("score").step("check", "credit.check"), "check"))
                .isPermanentFailure()
                .hasFailureCode("MISSING_APPLICANT");
        // in an engine, a handler that throws is a retryable HANDLER_ERROR of the step
        EngineRun run = EngineHarness.forNode(node("n1", OWNER))
                .handler(throwing("credit.check"))
                .run(scoring);
        assertThatRun(run).hasEntryWithReasonContaining("HANDLER_ERROR");
        // end::handler[]
    }

    @Test
    void caller_authorizer() {
        // tag::caller-authorizer[]
        ObjectBuilder claim =
                intent("claim.settle").step("check", "credit.check").withOrigin(OWNER);
        CallerQuery get = query(caller("auditor@regulator.example"), ClientRequest.GET, claim);

        assertThat(new AuditorsMayRead().authorize(get).decision()).isEqualTo(CallerVerdict.Decision.ALLOW);
        assertThat(get.admittedByDefault()).isFalse(); // the default rule alone would refuse
        assertThat(decide(
                                List.of(new AuditorsMayRead()), // as a node decides
                                query(caller("auditor@regulator.example"), ClientRequest.CANCEL, claim))
                        .admitted())
                .isFalse();
        assertThat(signalQuery(
                                caller("ops@bureau.example"),
                                "approved", // a pending condition names the domain
                                claim.dormant(Reentry.onSignal("approved", Set.of("bureau.example"))))
                        .admittedByDefault())
                .isTrue();
        // end::caller-authorizer[]
    }
}
