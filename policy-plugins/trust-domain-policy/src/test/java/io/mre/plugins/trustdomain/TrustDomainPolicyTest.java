package io.mre.plugins.trustdomain;

import static io.mre.testkit.Candidate.compensating;
import static io.mre.testkit.Candidate.delegating;
import static io.mre.testkit.Candidate.executing;
import static io.mre.testkit.Candidate.insertingStep;
import static io.mre.testkit.MreAssertions.assertThatVerdict;
import static io.mre.testkit.TestNodes.node;
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

class TrustDomainPolicyTest {
    private static final String SELF = "insurer.example";

    private final PolicyHarness harness = PolicyHarness.forNode(node("n1", SELF));
    private final ObjectBuilder claim = intent("claim.settle")
            .step("check", "credit.check")
            .step("pay", "payment.transfer", withCompensation("payment.refund"))
            .withOrigin("broker.example")
            .context(c -> c.withOwnerDomain("broker.example"));

    static Policy policy(Map<String, Object> settings) {
        return new TrustDomainPolicyFactory().create(new PluginSettings("trust-domain", settings));
    }

    @Test
    void evaluate_objectFromAcceptedDomain_permits() {
        Policy p = policy(Map.of("acceptFrom", List.of("broker.example")));

        assertThatVerdict(harness.evaluate(p, claim, executing("check"))).isPermit();
    }

    @Test
    void evaluate_objectFromOtherOrigin_rejectsWhateverTheCandidate() {
        Policy p = policy(Map.of("acceptFrom", List.of("partner.example")));

        assertThatVerdict(harness.evaluate(p, claim, executing("check")))
                .isReject()
                .hasReasonContaining("objects from domain 'broker.example' are not accepted");
        assertThatVerdict(harness.evaluate(p, claim, insertingStep("check", "audit", "audit.log")))
                .isReject();
        assertThatVerdict(harness.evaluate(p, claim.completed("pay"), compensating("pay")))
                .isReject();
    }

    @Test
    void evaluate_objectOwnedByOtherDomain_rejects() {
        Policy p = policy(Map.of("acceptFrom", List.of("broker.example")));
        ObjectBuilder ownedElsewhere = claim.context(c -> c.withOwnerDomain("rogue.example"));

        assertThatVerdict(harness.evaluate(p, ownedElsewhere, executing("check")))
                .isReject()
                .hasReasonContaining("owned by domain 'rogue.example'");
    }

    @Test
    void evaluate_ownDomain_isAlwaysAccepted() {
        Policy p = policy(Map.of("acceptFrom", List.of("partner.example")));
        ObjectBuilder ours = claim.withOrigin(SELF).context(c -> c.withOwnerDomain(SELF));

        assertThatVerdict(harness.evaluate(p, ours, executing("check"))).isPermit();
    }

    @Test
    void evaluate_globDomains_match() {
        Policy p = policy(Map.of("acceptFrom", "*.example"));

        assertThatVerdict(harness.evaluate(p, claim, executing("check"))).isPermit();
        assertThatVerdict(harness.evaluate(p, claim.withOrigin("broker.test"), executing("check")))
                .isReject();
    }

    @Test
    void evaluate_entryWrittenByDomainNotAccepted_rejects() {
        Policy p = policy(Map.of("acceptEntriesFrom", List.of("broker.example")));
        ObjectBuilder touched = claim.delegated("r1", "rogue.example").completed("check");

        assertThatVerdict(harness.evaluate(p, claim.completed("check"), executing("pay")))
                .isPermit();
        assertThatVerdict(harness.evaluate(p, touched, executing("pay")))
                .isReject()
                .hasReasonContaining("written by domain 'rogue.example'");
    }

    @Test
    void evaluate_delegationToListedDomain_permits() {
        Policy p = policy(Map.of("delegateTo", List.of("bureau.example")));

        assertThatVerdict(harness.evaluate(p, claim, delegating("check", peer("b1", "bureau.example", "credit.check"))))
                .isPermit();
    }

    @Test
    void evaluate_delegationToOtherDomain_rejects() {
        Policy p = policy(Map.of("delegateTo", List.of("bureau.example")));

        assertThatVerdict(harness.evaluate(p, claim, delegating("check", peer("x1", "shady.example", "credit.check"))))
                .isReject()
                .hasReasonContaining("delegation to domain 'shady.example'");
    }

    @Test
    void evaluate_delegationWithinOwnDomain_permits() {
        Policy p = policy(Map.of("delegateTo", List.of("bureau.example")));

        assertThatVerdict(harness.evaluate(p, claim, delegating("check", peer("n2", SELF, "credit.check"))))
                .isPermit();
    }

    @Test
    void evaluate_localExecutionWithOnlyDelegateTo_permits() {
        Policy p = policy(Map.of("delegateTo", List.of("bureau.example")));

        assertThatVerdict(harness.evaluate(p, claim, executing("pay"))).isPermit();
    }

    @Test
    void create_withoutAnyList_failsNamingTheKeys() {
        assertThatThrownBy(() -> policy(Map.of()))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("acceptFrom")
                .hasMessageContaining("delegateTo");
    }

    @Test
    void create_unknownKey_failsNamingIt() {
        assertThatThrownBy(() -> policy(Map.of("acceptFrom", "a.example", "delegate", "b.example")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("delegate");
    }

    @Test
    void create_emptyOrMalformedList_failsNamingTheKey() {
        assertThatThrownBy(() -> policy(Map.of("delegateTo", List.of())))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'delegateTo'");
        assertThatThrownBy(() -> policy(Map.of("acceptFrom", Map.of("a", "b"))))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'acceptFrom'");
    }

    @Test
    void plugin_isDiscoveredWithItsFactory() {
        List<MrePlugin> plugins = ServiceLoader.load(MrePlugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();

        assertThat(plugins).singleElement().satisfies(plugin -> {
            assertThat(plugin.spiVersion()).isEqualTo(SpiVersion.CURRENT);
            assertThat(plugin.policies()).extracting(f -> f.name()).containsExactly("trust-domain");
        });
    }
}
