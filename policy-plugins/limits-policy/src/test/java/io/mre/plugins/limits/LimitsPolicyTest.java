package io.mre.plugins.limits;

import static io.mre.testkit.Candidate.compensating;
import static io.mre.testkit.Candidate.delegating;
import static io.mre.testkit.Candidate.executing;
import static io.mre.testkit.Candidate.insertingStep;
import static io.mre.testkit.MreAssertions.assertThatVerdict;
import static io.mre.testkit.TestNodes.peer;
import static io.mre.testkit.TestObjects.intent;
import static io.mre.testkit.TestObjects.withCompensation;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mre.spi.InvalidSettingsException;
import io.mre.spi.PluginSettings;
import io.mre.spi.Policy;
import io.mre.testkit.Candidate;
import io.mre.testkit.ObjectBuilder;
import io.mre.testkit.PolicyHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LimitsPolicyTest {
    private final PolicyHarness harness = PolicyHarness.defaults();
    private final Instant now = harness.now();
    private final ObjectBuilder claim = intent("claim.settle")
            .step("check", "credit.check")
            .step("pay", "payment.transfer", withCompensation("payment.refund"));
    private final Candidate toBureau = delegating("check", peer("b1", "bureau.example", "credit.check"));

    static Policy policy(Map<String, Object> settings) {
        return new LimitsPolicyFactory().create(new PluginSettings("limits", settings));
    }

    @Test
    void hops_delegationWithinTheNodesLimit_permits() {
        assertThatVerdict(harness.evaluate(policy(Map.of("maxHops", 3)), claim.hops(2), toBureau))
                .isPermit();
    }

    @Test
    void hops_delegationBeyondTheNodesLimit_rejects() {
        assertThatVerdict(harness.evaluate(policy(Map.of("maxHops", 3)), claim.hops(3), toBureau))
                .isReject()
                .hasReasonContaining("hop limit: 3 delegation(s) made, at most 3 allowed");
    }

    @Test
    void hops_objectsOwnLowerLimit_applies() {
        ObjectBuilder strict = claim.context(c -> c.withMaxHops(1)).hops(1);

        assertThatVerdict(harness.evaluate(policy(Map.of("maxHops", 5)), strict, toBureau))
                .isReject()
                .hasReasonContaining("at most 1");
        assertThatVerdict(harness.evaluate(policy(Map.of()), strict, toBureau)).isReject();
    }

    @Test
    void hops_localExecution_isNotCounted() {
        assertThatVerdict(harness.evaluate(policy(Map.of("maxHops", 1)), claim.hops(4), executing("check")))
                .isPermit();
    }

    @Test
    void deadline_passed_rejects() {
        ObjectBuilder late = claim.context(c -> c.withDeadline(now.minusSeconds(1)));

        assertThatVerdict(harness.evaluate(policy(Map.of()), late, executing("check")))
                .isReject()
                .hasReasonContaining("has passed");
        assertThatVerdict(harness.evaluate(policy(Map.of()), late, toBureau)).isReject();
    }

    @Test
    void deadline_closerThanMinRemaining_rejects() {
        Policy p = policy(Map.of("minRemaining", "30s"));

        assertThatVerdict(harness.evaluate(
                        p, claim.context(c -> c.withDeadline(now.plusSeconds(10))), executing("check")))
                .isReject()
                .hasReasonContaining("less than the 30000 ms");
        assertThatVerdict(harness.evaluate(
                        p, claim.context(c -> c.withDeadline(now.plus(Duration.ofMinutes(5)))), executing("check")))
                .isPermit();
    }

    @Test
    void deadline_required_rejectsObjectsWithout() {
        assertThatVerdict(harness.evaluate(policy(Map.of("requireDeadline", true)), claim, executing("check")))
                .isReject()
                .hasReasonContaining("only objects with a deadline");
        assertThatVerdict(harness.evaluate(policy(Map.of()), claim, executing("check")))
                .isPermit();
    }

    @Test
    void compensationAndPlanChange_areNeverLimited() {
        Policy p = policy(Map.of("maxHops", 1, "minRemaining", "1h", "requireDeadline", true));
        ObjectBuilder lateAndFar =
                claim.completed("check").completed("pay").hops(3).context(c -> c.withDeadline(now.minusSeconds(1)));

        assertThatVerdict(harness.evaluate(p, lateAndFar, compensating("pay"))).isPermit();
        assertThatVerdict(harness.evaluate(p, claim, insertingStep("check", "audit", "audit.log")))
                .isPermit();
    }

    @Test
    void create_badSettings_failNamingTheKey() {
        assertThatThrownBy(() -> policy(Map.of("maxHops", -1)))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'maxHops'");
        assertThatThrownBy(() -> policy(Map.of("maxHops", "many")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'maxHops'");
        assertThatThrownBy(() -> policy(Map.of("minRemaining", "PT-5S")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'minRemaining'");
        assertThatThrownBy(() -> policy(Map.of("requireDeadline", "yes")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'requireDeadline'");
        assertThatThrownBy(() -> policy(Map.of("deadline", "1h")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("deadline");
    }
}
