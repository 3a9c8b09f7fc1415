package io.mre.plugins.approval;

import static io.mre.testkit.Candidate.compensating;
import static io.mre.testkit.Candidate.delegating;
import static io.mre.testkit.Candidate.executing;
import static io.mre.testkit.MreAssertions.assertThatRun;
import static io.mre.testkit.MreAssertions.assertThatVerdict;
import static io.mre.testkit.TestHandlers.succeeding;
import static io.mre.testkit.TestNodes.node;
import static io.mre.testkit.TestNodes.peer;
import static io.mre.testkit.TestObjects.intent;
import static io.mre.testkit.TestObjects.withCompensation;
import static io.mre.testkit.TestObjects.withParam;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mre.spi.InvalidSettingsException;
import io.mre.spi.MrePlugin;
import io.mre.spi.PluginSettings;
import io.mre.spi.Policy;
import io.mre.spi.Reentry;
import io.mre.spi.SpiVersion;
import io.mre.testkit.EngineHarness;
import io.mre.testkit.EngineRun;
import io.mre.testkit.ObjectBuilder;
import io.mre.testkit.PolicyHarness;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApprovalPolicyTest {
    private static final String INSURER = "insurer.example";

    private final PolicyHarness harness = PolicyHarness.forNode(node("n1", INSURER));
    private final ObjectBuilder claim = intent("claim.settle")
            .step("check", "credit.check")
            .step("pay", "payment.transfer", withParam("amount", 12_000), withCompensation("payment.refund"))
            .input("amount", 12_000);
    private final Policy payments = policy(Map.of("operations", List.of("payment.*"), "fromDomains", List.of(INSURER)));

    static Policy policy(Map<String, Object> settings) {
        return new ApprovalPolicyFactory().create(new PluginSettings("approval", settings));
    }

    @Test
    void evaluate_operationNeedingNoApproval_permits() {
        assertThatVerdict(harness.evaluate(payments, claim, executing("check"))).isPermit();
    }

    @Test
    void evaluate_withoutApproval_defersUntilTheSignalFromAllowedDomains() {
        assertThatVerdict(harness.evaluate(payments, claim, executing("pay")))
                .isDeferredUntilSignal("approved", INSURER)
                .hasReasonContaining("needs signal 'approved'");
    }

    @Test
    void evaluate_approvedByAllowedDomain_permits() {
        assertThatVerdict(harness.evaluate(payments, claim.signal("approved", INSURER), executing("pay")))
                .isPermit()
                .hasReasonContaining("approved by insurer.example");
    }

    @Test
    void evaluate_approvalThatWokeTheObject_stillCounts() {
        ObjectBuilder woken = claim.completed("check")
                .dormant(Reentry.onSignal("approved", Set.of(INSURER)))
                .signal("approved", INSURER);

        assertThat(woken.view().state().signals()).hasSize(1);
        assertThatVerdict(harness.evaluate(payments, woken, executing("pay"))).isPermit();
    }

    @Test
    void evaluate_approvalFromOtherDomainOrOtherSignal_doesNotCount() {
        assertThatVerdict(harness.evaluate(payments, claim.signal("approved", "broker.example"), executing("pay")))
                .isDefer();
        assertThatVerdict(harness.evaluate(payments, claim.signal("reviewed", INSURER), executing("pay")))
                .isDefer();
    }

    @Test
    void evaluate_approvalForAnotherStep_doesNotCount() {
        assertThatVerdict(harness.evaluate(
                        payments, claim.signal("approved", INSURER, Map.of("step", "other")), executing("pay")))
                .isDefer();
        assertThatVerdict(harness.evaluate(
                        payments, claim.signal("approved", INSURER, Map.of("step", "pay")), executing("pay")))
                .isPermit();
    }

    @Test
    void evaluate_anyDomainWhenNoneListed() {
        Policy anyone = policy(Map.of("operations", "payment.*"));

        assertThatVerdict(harness.evaluate(anyone, claim, executing("pay"))).isDeferredUntilSignal("approved");
        assertThatVerdict(harness.evaluate(anyone, claim.signal("approved", ""), executing("pay")))
                .isPermit()
                .hasReasonContaining("unauthenticated");
    }

    @Test
    void amount_aboveThreshold_needsApproval() {
        Policy large = policy(Map.of("operations", "payment.*", "amountAbove", 10_000));

        assertThatVerdict(harness.evaluate(large, claim, executing("pay")))
                .isDefer()
                .hasReasonContaining("amount 12000 above 10000");
    }

    @Test
    void amount_withinThreshold_needsNoApproval() {
        Policy large = policy(Map.of("operations", "payment.*", "amountAbove", "20000"));

        assertThatVerdict(harness.evaluate(large, claim, executing("pay")))
                .isPermit()
                .hasReasonContaining("within 20000");
    }

    @Test
    void amount_readFromInputWhenNotInParams_andDottedPaths() {
        Policy anyOperation = policy(Map.of("amountAbove", 10_000));
        Policy nested = policy(Map.of("amountAbove", 10_000, "amountField", "claim.total"));
        ObjectBuilder withNested = claim.input("claim", Map.of("total", 50_000));

        assertThatVerdict(harness.evaluate(anyOperation, claim, executing("check")))
                .isDefer();
        assertThatVerdict(harness.evaluate(nested, withNested, executing("check")))
                .isDefer();
        assertThatVerdict(harness.evaluate(nested, claim, executing("check")))
                .isPermit()
                .hasReasonContaining("no 'claim.total'");
    }

    @Test
    void amount_notANumber_needsApproval() {
        Policy large = policy(Map.of("amountAbove", 10_000));

        assertThatVerdict(harness.evaluate(large, claim.input("amount", "lots"), executing("check")))
                .isDefer()
                .hasReasonContaining("'lots' (not a number");
    }

    @Test
    void evaluate_delegationAndCompensation_needNoApproval() {
        assertThatVerdict(harness.evaluate(
                        payments, claim, delegating("pay", peer("b1", "bank.example", "payment.transfer"))))
                .isPermit();
        assertThatVerdict(harness.evaluate(payments, claim.completed("check").completed("pay"), compensating("pay")))
                .isPermit();
    }

    @Test
    void engine_defersUntilTheApprovalSignalThenCompletes() {
        EngineHarness node = EngineHarness.forNode(node("n1", INSURER))
                .policy(payments)
                .handler(succeeding("credit.check"))
                .handler(succeeding("payment.transfer"))
                .handler(succeeding("payment.refund"));

        EngineRun parked = node.run(claim);
        assertThatRun(parked).isDormant().hasEntryWithReasonContaining("needs signal 'approved'");

        EngineRun stranger = node.signal(parked, "approved", "broker.example");
        assertThatRun(stranger).isDormant();

        assertThatRun(node.signal(stranger, "approved", INSURER)).isCompleted();
    }

    @Test
    void create_badSettings_failNamingTheKey() {
        assertThatThrownBy(() -> policy(Map.of()))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'operations'")
                .hasMessageContaining("'amountAbove'");
        assertThatThrownBy(() -> policy(Map.of("amountAbove", "much")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'amountAbove'");
        assertThatThrownBy(() -> policy(Map.of("operations", "*", "signal", "ok now")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'signal'");
        assertThatThrownBy(() -> policy(Map.of("amountAbove", 1, "amountField", "a..b")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'amountField'");
        assertThatThrownBy(() -> policy(Map.of("operations", List.of())))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'operations'");
        assertThatThrownBy(() -> policy(Map.of("operations", "*", "approvers", "x")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("approvers");
    }

    @Test
    void plugin_isDiscoveredWithItsFactory() {
        List<MrePlugin> plugins = ServiceLoader.load(MrePlugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();

        assertThat(plugins).singleElement().satisfies(plugin -> {
            assertThat(plugin.spiVersion()).isEqualTo(SpiVersion.CURRENT);
            assertThat(plugin.policies()).extracting(f -> f.name()).containsExactly("approval");
        });
    }
}
