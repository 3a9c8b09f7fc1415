package io.mre.plugins.residency;

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
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mre.spi.Constraint;
import io.mre.spi.InvalidSettingsException;
import io.mre.spi.MrePlugin;
import io.mre.spi.PluginSettings;
import io.mre.spi.Policy;
import io.mre.spi.SpiVersion;
import io.mre.testkit.EngineHarness;
import io.mre.testkit.EngineRun;
import io.mre.testkit.ObjectBuilder;
import io.mre.testkit.PeerSpec;
import io.mre.testkit.PolicyHarness;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ResidencyPolicyTest {
    private final PolicyHarness inEu =
            PolicyHarness.forNode(node("n1", "insurer.example").withLabel("region", "eu-west"));
    private final PolicyHarness inUs =
            PolicyHarness.forNode(node("n1", "insurer.example").withLabel("region", "us-east"));
    private final ObjectBuilder claim = intent("claim.settle")
            .step("check", "credit.check")
            .step("pay", "payment.transfer", withCompensation("payment.refund"))
            .context(c -> c.withClassification("confidential").withResidency("eu-west", "eu-central"));
    private final PeerSpec euPeer =
            peer("b-eu", "bureau.example", "credit.check").withLabel("region", "eu-central");
    private final PeerSpec usPeer =
            peer("b-us", "bureau.example", "credit.check").withLabel("region", "us-east");
    private final PeerSpec unlabelled = peer("b-x", "bureau.example", "credit.check");

    static Policy policy(Map<String, Object> settings) {
        return new ResidencyPolicyFactory().create(new PluginSettings("residency", settings));
    }

    @Test
    void evaluate_delegationWithinRegions_permits() {
        assertThatVerdict(inEu.evaluate(policy(Map.of()), claim, delegating("check", euPeer)))
                .isPermit();
    }

    @Test
    void evaluate_delegationOutsideRegions_rejectsInEveryMode() {
        for (String mode : List.of("reject", "constrain")) {
            Policy p = policy(Map.of("mode", mode));
            assertThatVerdict(inEu.evaluate(p, claim, delegating("check", usPeer)))
                    .isReject()
                    .hasReasonContaining("may not leave [eu-west, eu-central]")
                    .hasReasonContaining("'us-east'");
            assertThatVerdict(inEu.evaluate(p, claim, delegating("check", unlabelled)))
                    .isReject()
                    .hasReasonContaining("no 'region' label");
        }
    }

    @Test
    void evaluate_localWorkInsideRegions_permits() {
        assertThatVerdict(inEu.evaluate(policy(Map.of("mode", "constrain")), claim, executing("check")))
                .isPermit();
    }

    @Test
    void evaluate_localWorkOutsideRegions_rejectsInRejectMode() {
        assertThatVerdict(inUs.evaluate(policy(Map.of()), claim, executing("check")))
                .isReject()
                .hasReasonContaining("must be processed in [eu-west, eu-central]");
        assertThatVerdict(
                        inUs.evaluate(policy(Map.of()), claim.completed("check").completed("pay"), compensating("pay")))
                .isReject();
    }

    @Test
    void evaluate_localWorkOutsideRegions_constrainsToFirstRegionInConstrainMode() {
        assertThatVerdict(inUs.evaluate(policy(Map.of("mode", "constrain")), claim, executing("check")))
                .isConstrainedTo(Constraint.requireLabel("region", "eu-west"));
    }

    @Test
    void evaluate_customRegionLabel_isRead() {
        Policy p = policy(Map.of("regionLabel", "geo"));
        PolicyHarness geo = PolicyHarness.forNode(node("n1", "insurer.example").withLabel("geo", "eu-west"));

        assertThatVerdict(geo.evaluate(p, claim, executing("check"))).isPermit();
        assertThatVerdict(inEu.evaluate(p, claim, executing("check"))).isReject();
    }

    @Test
    void evaluate_unlistedClassificationOrNoRegions_permits() {
        Policy p = policy(Map.of());

        assertThatVerdict(inUs.evaluate(p, claim.context(c -> c.withClassification("public")), executing("check")))
                .isPermit()
                .hasReasonContaining("no residency rule");
        assertThatVerdict(inUs.evaluate(p, claim.context(c -> c.withResidency()), executing("check")))
                .isPermit()
                .hasReasonContaining("no residency regions");
        assertThatVerdict(inUs.evaluate(
                        policy(Map.of("classifications", "*")),
                        claim.context(c -> c.withClassification("public")),
                        executing("check")))
                .isReject();
    }

    @Test
    void evaluate_planChange_isNotJudged() {
        assertThatVerdict(inUs.evaluate(policy(Map.of()), claim, insertingStep("check", "audit", "audit.log")))
                .isPermit();
    }

    @Test
    void engine_constrainMode_routesTheStepToAPeerInTheFirstRegion() {
        PeerSpec westPeer = peer("b-west", "bureau.example", "credit.check").withLabel("region", "eu-west");
        EngineHarness usNode = EngineHarness.forNode(
                        node("n1", "insurer.example").withLabel("region", "us-east"))
                .policy(policy(Map.of("mode", "constrain")))
                .handler(succeeding("credit.check"))
                .handler(succeeding("payment.transfer"))
                .peer(usPeer)
                .peer(euPeer)
                .peer(westPeer);

        EngineRun run = usNode.run(claim);

        // Constraints are conjunctive, so only the first listed region can be required: eu-central is passed over.
        assertThatRun(run).isDelegatedTo("b-west");
    }

    @Test
    void create_badSettings_failNamingTheKey() {
        assertThatThrownBy(() -> policy(Map.of("mode", "refuse")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'mode'");
        assertThatThrownBy(() -> policy(Map.of("classifications", List.of())))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'classifications'");
        assertThatThrownBy(() -> policy(Map.of("regionLabel", "a=b")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'regionLabel'");
        assertThatThrownBy(() -> policy(Map.of("regions", "eu")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("regions");
    }

    @Test
    void plugin_isDiscoveredWithItsFactory() {
        List<MrePlugin> plugins = ServiceLoader.load(MrePlugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();

        assertThat(plugins).singleElement().satisfies(plugin -> {
            assertThat(plugin.spiVersion()).isEqualTo(SpiVersion.CURRENT);
            assertThat(plugin.policies()).extracting(f -> f.name()).containsExactly("residency");
        });
    }
}
