package io.mre.testkit;

import static io.mre.testkit.Candidate.compensating;
import static io.mre.testkit.Candidate.delegatingTo;
import static io.mre.testkit.Candidate.executing;
import static io.mre.testkit.Candidate.insertingStep;
import static io.mre.testkit.Candidate.next;
import static io.mre.testkit.MreAssertions.assertThatAdvice;
import static io.mre.testkit.MreAssertions.assertThatJudgement;
import static io.mre.testkit.MreAssertions.assertThatResult;
import static io.mre.testkit.MreAssertions.assertThatVerdict;
import static io.mre.testkit.TestNodes.node;
import static io.mre.testkit.TestNodes.peer;
import static io.mre.testkit.TestObjects.intent;
import static io.mre.testkit.TestObjects.withCompensation;
import static io.mre.testkit.TestObjects.withParam;
import static io.mre.testkit.TestObjects.withRetries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mre.spi.ActionKind;
import io.mre.spi.Advice;
import io.mre.spi.Advisor;
import io.mre.spi.CandidateAction;
import io.mre.spi.Constraint;
import io.mre.spi.Evaluation;
import io.mre.spi.HandlerResult;
import io.mre.spi.Invocation;
import io.mre.spi.Policy;
import io.mre.spi.Reentry;
import io.mre.spi.Verdict;
import io.mre.testkit.example.CreditCheck;
import io.mre.testkit.example.FraudCheckAdvisor;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PolicyHarnessTest {
    private final PolicyHarness harness = PolicyHarness.forNode(
            node("n1", "insurer.example").withLabel("region", "eu-west").withCapabilities("payment.transfer"));
    private final ObjectBuilder claim = intent("claim.settle")
            .step("check", "credit.check", withParam("applicant", "A-1"))
            .step(
                    "pay",
                    "payment.transfer",
                    withParam("amount", 12_000),
                    withCompensation("payment.refund", Map.of("reason", "undo")),
                    withRetries(3))
            .input("claim", "C-1")
            .completed("check", Map.of("score", 700));

    @Test
    void evaluation_isWhatTheEngineBuilds() {
        Evaluation e = harness.withNow(Instant.parse("2026-03-02T08:00:00Z"))
                .evaluation(claim.attempts("pay", 1), executing("pay"));

        assertThat(e.candidate())
                .isEqualTo(new CandidateAction.Execute(
                        claim.view().intent().step("pay").orElseThrow(), 2));
        assertThat(e.node().nodeId()).isEqualTo("n1");
        assertThat(e.node().labels()).containsEntry("region", "eu-west");
        assertThat(e.node().capabilities()).containsExactly("payment.transfer");
        assertThat(e.now()).isEqualTo(Instant.parse("2026-03-02T08:00:00Z"));
        assertThat(e.object()).isEqualTo(claim.attempts("pay", 1).view());
    }

    @Test
    void candidates_resolveAgainstTheObject() {
        var view = claim.view();
        assertThat(next().resolve(view)).isEqualTo(executing("pay").resolve(view));
        assertThat(compensating("pay").resolve(view)).isInstanceOf(CandidateAction.Compensate.class);
        assertThat(delegatingTo(peer("b1", "bank.example", "payment.transfer")).resolve(view))
                .isEqualTo(new CandidateAction.Delegate(
                        view.intent().step("pay").orElseThrow(),
                        peer("b1", "bank.example", "payment.transfer").view()));
        assertThat(insertingStep("check", "audit", "audit.log").resolve(view).kind())
                .isEqualTo(ActionKind.MUTATE);
        assertThatThrownBy(() -> executing("ship").resolve(view))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no step 'ship' in the plan [check, pay]");
        assertThatThrownBy(() -> next().resolve(claim.completed("pay").view()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no next step");
    }

    @Test
    void throwingPolicy_failsClosedWithAPolicyError() {
        Policy throwing = policy("boom", e -> {
            throw new IllegalStateException("no database");
        });

        assertThatVerdict(harness.evaluate(throwing, claim, executing("pay")))
                .isPolicyError()
                .hasReasonContaining("boom failed")
                .hasReasonContaining("no database");
    }

    @Test
    void policyReturningNull_failsClosedWithAPolicyError() {
        assertThatVerdict(harness.evaluate(policy("silent", e -> null), claim, executing("pay")))
                .isPolicyError()
                .hasReasonContaining("returned no verdict");
    }

    @Test
    void policyFailingInAJudgement_rejectsTheAction() {
        Policy throwing = policy("boom", e -> {
            throw new IllegalStateException("no database");
        });

        assertThatJudgement(harness.judge(
                        List.of(policy("ok", e -> Verdict.permit()), throwing), claim, executing("pay")))
                .isReject()
                .hasVerdict("ok", VerdictKind.PERMIT)
                .hasVerdict("boom", VerdictKind.REJECT)
                .hasPolicyReasonContaining("boom", "policy error");
    }

    @Test
    void judgement_combinesAsTheEngine_rejectThenDeferThenConstraints() {
        Policy permit = policy("permit", e -> Verdict.permit("fine"));
        Policy defer = policy("defer", e -> Verdict.defer(Reentry.onSignal("approved"), "wait"));
        Policy region =
                policy("region", e -> Verdict.constrain("eu only", Constraint.requireLabel("region", "eu-west")));
        Policy redact = policy("redact", e -> Verdict.constrain("no ssn", Constraint.redactOutput("ssn")));
        Policy reject = policy("reject", e -> Verdict.reject("no"));

        assertThatJudgement(harness.judge(List.of(permit, region, redact), claim, executing("pay")))
                .isConstrain()
                .allows()
                .isConstrainedTo(Constraint.redactOutput("ssn"), Constraint.requireLabel("region", "eu-west"));
        assertThatJudgement(harness.judge(List.of(region, defer), claim, executing("pay")))
                .isDefer()
                .isDeferredUntilSignal("approved")
                .hasReasonContaining("defer: wait");
        assertThatJudgement(harness.judge(List.of(defer, reject, region), claim, executing("pay")))
                .isReject()
                .hasReasonContaining("reject: no")
                .consulted("defer", "reject", "region");
        assertThatJudgement(harness.judge(List.of(), claim, executing("pay")))
                .isPermit()
                .hasReasonContaining("no policy configured");
    }

    @Test
    void runner_canBeTheNodesOwn() {
        PolicyHarness timed = harness.withRunner((p, e) -> Verdict.reject("policy error: " + p.name() + " timed out"));

        assertThatVerdict(timed.evaluate(policy("slow", e -> Verdict.permit()), claim, executing("pay")))
                .isPolicyError()
                .hasReasonContaining("timed out");
        assertThatJudgement(timed.judge(List.of(policy("slow", e -> Verdict.permit())), claim, executing("pay")))
                .isReject()
                .hasPolicyReasonContaining("slow", "timed out");
    }

    @Test
    void runner_withTheNodesTimeLimit_rejectsAPolicyThatDoesNotAnswer() {
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        PolicyHarness limited = harness.withRunner(PolicyRunner.withTimeLimit(java.time.Duration.ofMillis(50)));
        try {
            Policy stuck = policy("stuck", e -> {
                try {
                    never.await();
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                }
                return Verdict.permit();
            });

            assertThatVerdict(limited.evaluate(stuck, claim, executing("pay")))
                    .isPolicyError()
                    .hasReason("policy error: stuck exceeded its time limit of 50 ms");
            assertThatJudgement(limited.judge(List.of(stuck), claim, executing("pay")))
                    .isReject();
        } finally {
            never.countDown();
        }
    }

    @Test
    void advisor_givesAdvice_orIsRecordedAsFailed() {
        assertThatAdvice(harness.advise(new FraudCheckAdvisor(), claim, executing("pay")))
                .isNotFailed()
                .suggests(ActionKind.MUTATE)
                .suggestsInsertingStep("fraud.check")
                .hasRationaleContaining("above 10000");
        assertThatAdvice(harness.advise(new FraudCheckAdvisor(), claim, executing("check")))
                .hasNoAdvice();

        assertThatAdvice(harness.advise(
                        advisor("broken", e -> {
                            throw new IllegalStateException("model offline");
                        }),
                        claim,
                        executing("pay")))
                .isFailed()
                .hasFailureContaining("advisor failed")
                .hasFailureContaining("model offline");
        assertThatAdvice(harness.advise(advisor("mute", e -> null), claim, executing("pay")))
                .hasNoAdvice();
        assertThatThrownBy(() -> harness.advise(
                        advisor("holey", e -> java.util.Arrays.asList((Advice) null)), claim, executing("pay")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("null advice");
    }

    @Test
    void invocation_isWhatTheEngineHandsTheHandler() {
        Invocation run = harness.invocation(claim.attempts("pay", 1), "pay");

        assertThat(run.idempotencyKey()).isEqualTo(ObjectBuilder.DEFAULT_ID + "/pay/2");
        assertThat(run.attempt()).isEqualTo(2);
        assertThat(run.compensation()).isFalse();
        assertThat(run.params()).containsEntry("amount", 12_000.0);
        assertThat(run.input()).containsEntry("claim", "C-1");
        assertThat(run.outputs().get("check")).containsEntry("score", 700.0);

        Invocation undo = harness.compensationInvocation(claim.completed("pay"), "pay");
        assertThat(undo.idempotencyKey()).isEqualTo(ObjectBuilder.DEFAULT_ID + "/pay/1/compensate");
        assertThat(undo.params()).containsEntry("reason", "undo");
        assertThat(undo.compensation()).isTrue();
    }

    @Test
    void handler_resultsAndFailuresAreThoseTheEngineRecords() {
        assertThatResult(harness.invoke(new CreditCheck(), claim.withHistory(List.of()), "check"))
                .isSuccess()
                .hasOutputEntry("applicant", "A-1");
        assertThatResult(harness.invoke(TestHandlers.throwing("credit.check"), claim, "check"))
                .isRetryableFailure()
                .hasFailureCode("HANDLER_ERROR")
                .hasFailureMessageContaining("threw in a test");
        assertThatResult(harness.invoke(TestHandlers.of("credit.check", i -> null), claim, "check"))
                .isRetryableFailure()
                .hasFailureMessageContaining("returned no result");
        assertThatResult(harness.invokeCompensation(TestHandlers.failing("payment.refund", "GONE"), claim, "pay"))
                .isPermanentFailure()
                .hasFailureCode("GONE");
        assertThatResult(HandlerResult.success(Map.of("a", 1))).hasOutput(Map.of("a", 1));
    }

    @Test
    void defaults_areAFixedMondayMorningOnATestNode() {
        assertThat(PolicyHarness.defaults().now()).isEqualTo(TestClock.MONDAY_10AM);
        assertThat(PolicyHarness.defaults().node().facts().nodeId()).isEqualTo("n1");
        assertThat(PolicyHarness.defaults().runner()).isSameAs(PolicyRunner.DIRECT);
    }

    static Policy policy(String name, Function<Evaluation, Verdict> body) {
        return new Policy() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Verdict evaluate(Evaluation evaluation) {
                return body.apply(evaluation);
            }
        };
    }

    static Advisor advisor(String name, Function<Evaluation, List<Advice>> body) {
        return new Advisor() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<Advice> advise(Evaluation evaluation) {
                return body.apply(evaluation);
            }
        };
    }
}
