package io.mre.testkit.example;

import static io.mre.testkit.Candidate.compensating;
import static io.mre.testkit.Candidate.executing;
import static io.mre.testkit.MreAssertions.assertThatJudgement;
import static io.mre.testkit.MreAssertions.assertThatVerdict;
import static io.mre.testkit.TestNodes.node;
import static io.mre.testkit.TestObjects.intent;
import static io.mre.testkit.TestObjects.withCompensation;
import static io.mre.testkit.TestObjects.withParam;

import io.mre.testkit.ObjectBuilder;
import io.mre.testkit.PolicyHarness;
import io.mre.testkit.VerdictKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How an author tests a policy with the kit: an object, a candidate, a verdict, in a few lines each. */
class NoLargePaymentsTest {
    private final PolicyHarness harness = PolicyHarness.forNode(node("n1", "insurer.example"));
    private final NoLargePayments policy = new NoLargePayments(10_000);
    private final ObjectBuilder claim = intent("claim.settle")
            .step("check", "credit.check")
            .step("pay", "payment.transfer", withParam("amount", 12_000), withCompensation("payment.refund"))
            .context(c -> c.withTenant("acme").withOwnerDomain("insurer.example"))
            .completed("check");

    @Test
    void largePayment_isRejected() {
        assertThatVerdict(harness.evaluate(policy, claim, executing("pay")))
                .isReject()
                .hasReasonContaining("12000 above the limit of 10000");
    }

    @Test
    void paymentWithinTheLimit_isPermitted() {
        ObjectBuilder small = intent("claim.settle").step("pay", "payment.transfer", withParam("amount", 9_999));
        assertThatVerdict(harness.evaluate(policy, small, executing("pay"))).isPermit();
    }

    @Test
    void largePaymentForAVip_isPermitted() {
        ObjectBuilder vip = claim.context(c -> c.withLabel("vip", "true"));
        assertThatVerdict(harness.evaluate(policy, vip, executing("pay")))
                .isPermit()
                .hasReasonContaining("vip");
    }

    @Test
    void paymentWithoutAmount_isRejected() {
        ObjectBuilder noAmount = intent("claim.settle").step("pay", "payment.transfer");
        assertThatVerdict(harness.evaluate(policy, noAmount, executing("pay")))
                .isReject()
                .hasReasonContaining("no amount");
    }

    @Test
    void otherOperationsAndRefunds_arePermitted() {
        assertThatVerdict(harness.evaluate(policy, claim, executing("check"))).isPermit();
        assertThatVerdict(harness.evaluate(policy, claim, compensating("pay"))).isPermit();
    }

    @Test
    void withApproval_rejectionWinsOverDeferral() {
        assertThatJudgement(harness.judge(List.of(new RequireApproval(), policy), claim, executing("pay")))
                .isReject()
                .hasReasonContaining("no-large-payments: payment of 12000")
                .hasVerdict("require-approval", VerdictKind.DEFER)
                .consulted("require-approval", "no-large-payments");
    }

    @Test
    void withApproval_aVipPaymentWaitsForTheOwnersApproval() {
        ObjectBuilder vip = claim.context(c -> c.withLabel("vip", "true"));
        assertThatJudgement(harness.judge(List.of(new RequireApproval(), policy), vip, executing("pay")))
                .isDeferredUntilSignal("approved", "insurer.example");
        assertThatJudgement(harness.judge(
                        List.of(new RequireApproval(), policy),
                        vip.signal("approved", "insurer.example"),
                        executing("pay")))
                .isPermit();
    }
}
