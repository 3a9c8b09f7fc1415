package io.mre.plugins.operation;

import static io.mre.testkit.Candidate.compensating;
import static io.mre.testkit.Candidate.delegating;
import static io.mre.testkit.Candidate.executing;
import static io.mre.testkit.Candidate.insertingStep;
import static io.mre.testkit.MreAssertions.assertThatVerdict;
import static io.mre.testkit.TestNodes.peer;
import static io.mre.testkit.TestObjects.intent;
import static io.mre.testkit.TestObjects.withCompensation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mre.spi.InvalidSettingsException;
import io.mre.spi.MrePlugin;
import io.mre.spi.PluginSettings;
import io.mre.spi.Policy;
import io.mre.spi.SpiVersion;
import io.mre.testkit.ObjectBuilder;
import io.mre.testkit.PolicyHarness;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class OperationPolicyTest {
    private final PolicyHarness harness = PolicyHarness.defaults();
    private final ObjectBuilder claim = intent("claim.settle")
            .step("register", "claim.register")
            .step("pay", "payment.transfer", withCompensation("payment.refund"))
            .step("crypto", "payment.crypto.send");

    static Policy policy(Map<String, Object> settings) {
        return new OperationPolicyFactory().create(new PluginSettings("operation-allow-list", settings));
    }

    @Test
    void evaluate_allowedOperation_permits() {
        Policy p = policy(Map.of("allow", List.of("claim.*", "payment.*")));

        assertThatVerdict(harness.evaluate(p, claim, executing("register"))).isPermit();
        assertThatVerdict(harness.evaluate(p, claim, executing("pay"))).isPermit();
    }

    @Test
    void evaluate_operationOutsideAllowList_rejects() {
        Policy p = policy(Map.of("allow", List.of("claim.*")));

        assertThatVerdict(harness.evaluate(p, claim, executing("pay")))
                .isReject()
                .hasReasonContaining("'payment.transfer' is not allowed");
    }

    @Test
    void evaluate_deniedOperation_rejectsEvenWhenAllowed() {
        Policy p = policy(Map.of("allow", List.of("payment.*"), "deny", List.of("payment.crypto*")));

        assertThatVerdict(harness.evaluate(p, claim, executing("crypto")))
                .isReject()
                .hasReasonContaining("'payment.crypto.send' is denied");
        assertThatVerdict(harness.evaluate(p, claim, executing("pay"))).isPermit();
    }

    @Test
    void evaluate_denyListOnly_permitsTheRest() {
        Policy p = policy(Map.of("deny", "payment.crypto*"));

        assertThatVerdict(harness.evaluate(p, claim, executing("register"))).isPermit();
        assertThatVerdict(harness.evaluate(p, claim, executing("crypto"))).isReject();
    }

    @Test
    void evaluate_compensation_judgesTheCompensationOperation() {
        Policy p = policy(Map.of("allow", List.of("payment.transfer")));
        ObjectBuilder paid = claim.completed("register").completed("pay");

        assertThatVerdict(harness.evaluate(p, paid, compensating("pay")))
                .isReject()
                .hasReasonContaining("compensation 'payment.refund'");
        assertThatVerdict(harness.evaluate(
                        policy(Map.of("allow", List.of("payment.transfer"), "compensations", false)),
                        paid,
                        compensating("pay")))
                .isPermit();
    }

    @Test
    void evaluate_delegationAndPlanChange_areNotJudged() {
        Policy p = policy(Map.of("deny", List.of("*")));

        assertThatVerdict(harness.evaluate(p, claim, delegating("pay", peer("b1", "bank.example", "payment.transfer"))))
                .isPermit();
        assertThatVerdict(harness.evaluate(p, claim, insertingStep("register", "audit", "audit.log")))
                .isPermit();
        assertThatVerdict(harness.evaluate(p, claim, executing("register"))).isReject();
    }

    @Test
    void create_badSettings_failNamingTheKey() {
        assertThatThrownBy(() -> policy(Map.of()))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'allow'");
        assertThatThrownBy(() -> policy(Map.of("allow", List.of())))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'allow' is empty");
        assertThatThrownBy(() -> policy(Map.of("allow", "a.*", "compensations", "maybe")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'compensations'");
        assertThatThrownBy(() -> policy(Map.of("alow", "a.*")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("alow");
        assertThatThrownBy(() -> policy(Map.of("deny", List.of(" "))))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'deny'");
    }

    @Test
    void plugin_isDiscoveredWithItsFactory() {
        List<MrePlugin> plugins = ServiceLoader.load(MrePlugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();

        assertThat(plugins).singleElement().satisfies(plugin -> {
            assertThat(plugin.spiVersion()).isEqualTo(SpiVersion.CURRENT);
            assertThat(plugin.policies()).extracting(f -> f.name()).containsExactly("operation-allow-list");
        });
    }
}
