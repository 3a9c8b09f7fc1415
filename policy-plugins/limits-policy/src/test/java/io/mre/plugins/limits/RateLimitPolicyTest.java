package io.mre.plugins.limits;

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
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mre.spi.InvalidSettingsException;
import io.mre.spi.MrePlugin;
import io.mre.spi.PluginSettings;
import io.mre.spi.Policy;
import io.mre.spi.SpiVersion;
import io.mre.testkit.EngineHarness;
import io.mre.testkit.EngineRun;
import io.mre.testkit.ObjectBuilder;
import io.mre.testkit.PolicyHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class RateLimitPolicyTest {
    private final PolicyHarness harness = PolicyHarness.defaults();
    private final Instant now = harness.now();
    private final ObjectBuilder claim = intent("claim.settle")
            .step("check", "credit.check")
            .step("pay", "payment.transfer", withCompensation("payment.refund"))
            .context(c -> c.withTenant("acme"));
    private final ObjectBuilder otherTenant = claim.context(c -> c.withTenant("globex"));

    static Policy policy(Map<String, Object> settings) {
        return new RateLimitPolicyFactory().create(new PluginSettings("tenant-rate-limit", settings));
    }

    @Test
    void evaluate_withinBurst_permits() {
        Policy p = policy(Map.of("ratePerSecond", 1, "burst", 2));

        assertThatVerdict(harness.evaluate(p, claim, executing("check"))).isPermit();
        assertThatVerdict(harness.evaluate(p, claim, executing("check"))).isPermit();
    }

    @Test
    void evaluate_dryRun_answersAsTheNextExecutionWouldAndTakesNoToken() {
        Policy p = policy(Map.of("ratePerSecond", 1, "burst", 1));

        assertThatVerdict(harness.evaluate(p, harness.dryRunEvaluation(claim, executing("check"))))
                .isPermit();
        assertThatVerdict(harness.evaluate(p, harness.dryRunEvaluation(claim, executing("check"))))
                .isPermit();
        assertThatVerdict(harness.evaluate(p, claim, executing("check")))
                .as("the token is still there")
                .isPermit();
        assertThatVerdict(harness.evaluate(p, harness.dryRunEvaluation(claim, executing("check"))))
                .isDeferredFor(Duration.ofSeconds(1));
        assertThatVerdict(harness.evaluate(p, claim, executing("check"))).isDeferredFor(Duration.ofSeconds(1));
    }

    @Test
    void evaluate_bucketEmpty_defersUntilTheNextToken() {
        Policy p = policy(Map.of("ratePerSecond", 1, "burst", 2));
        harness.evaluate(p, claim, executing("check"));
        harness.evaluate(p, claim, executing("check"));

        assertThatVerdict(harness.evaluate(p, claim, executing("check")))
                .isDeferredFor(Duration.ofSeconds(1))
                .hasReasonContaining("tenant 'acme' exceeded 1/s (burst 2)");
        assertThatVerdict(harness.withNow(now.plusMillis(500)).evaluate(p, claim, executing("check")))
                .isDeferredFor(Duration.ofMillis(500));
        assertThatVerdict(harness.withNow(now.plusSeconds(1)).evaluate(p, claim, executing("check")))
                .isPermit();
    }

    @Test
    void evaluate_fractionalRate_waitsLonger() {
        Policy p = policy(Map.of("ratePerSecond", "0.5"));
        harness.evaluate(p, claim, executing("check"));

        assertThatVerdict(harness.evaluate(p, claim, executing("check"))).isDeferredFor(Duration.ofSeconds(2));
    }

    @Test
    void evaluate_bucketEmptyWithReject_rejects() {
        Policy p = policy(Map.of("ratePerSecond", 1, "burst", 1, "onExhausted", "reject"));
        harness.evaluate(p, claim, executing("check"));

        assertThatVerdict(harness.evaluate(p, claim, executing("check")))
                .isReject()
                .hasReasonContaining("next token in 1000 ms");
    }

    @Test
    void evaluate_tenantsHaveTheirOwnBuckets() {
        Policy p = policy(Map.of("ratePerSecond", 1, "burst", 1));
        harness.evaluate(p, claim, executing("check"));

        assertThatVerdict(harness.evaluate(p, claim, executing("check"))).isDefer();
        assertThatVerdict(harness.evaluate(p, otherTenant, executing("check"))).isPermit();
    }

    @Test
    void evaluate_otherOperationsAndCandidates_takeNoToken() {
        Policy p = policy(Map.of("ratePerSecond", 1, "burst", 1, "operations", "payment.*"));

        assertThatVerdict(harness.evaluate(p, claim, executing("check")))
                .isPermit()
                .hasReasonContaining("not rate");
        assertThatVerdict(harness.evaluate(p, claim, delegating("pay", peer("b1", "bank.example", "payment.transfer"))))
                .isPermit();
        assertThatVerdict(harness.evaluate(p, claim.completed("check").completed("pay"), compensating("pay")))
                .isPermit();
        assertThatVerdict(harness.evaluate(p, claim, executing("pay"))).isPermit();
        assertThatVerdict(harness.evaluate(p, claim, executing("pay"))).isDefer();
    }

    @Test
    void buckets_beyondMaxTenants_newTenantsShareTheOverflowBucket() {
        Policy p = policy(Map.of("ratePerSecond", 1, "burst", 1, "maxTenants", 1));
        ObjectBuilder third = claim.context(c -> c.withTenant("initech"));

        assertThatVerdict(harness.evaluate(p, claim, executing("check"))).isPermit();
        assertThatVerdict(harness.evaluate(p, otherTenant, executing("check"))).isPermit();
        assertThatVerdict(harness.evaluate(p, third, executing("check")))
                .as("shares globex's overflow bucket")
                .isDefer();
    }

    @Test
    void buckets_fullBucketsAreDroppedToMakeRoom() {
        TokenBuckets buckets = new TokenBuckets(1, 1, 2);
        buckets.take("a", now);
        buckets.take("b", now);

        assertThat(buckets.take("c", now.plusSeconds(5))).isZero();
        assertThat(buckets.size())
                .as("a and b refilled and were dropped; c has its own bucket")
                .isEqualTo(1);
        assertThat(buckets.take("c", now.plusSeconds(5))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void buckets_timeRunningBackwards_refillsNothing() {
        TokenBuckets buckets = new TokenBuckets(1, 1, 10);
        buckets.take("a", now);

        assertThat(buckets.take("a", now.minusSeconds(30))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void engine_secondObjectOfATenant_goesDormantThenRunsWhenATokenIsDue() {
        EngineHarness node = EngineHarness.forNode(node("n1", "insurer.example"))
                .policy(policy(Map.of("ratePerSecond", 1, "burst", 1)))
                .handler(succeeding("credit.check"));
        ObjectBuilder small = intent("check.only").step("check", "credit.check").context(c -> c.withTenant("acme"));

        assertThatRun(node.run(small.withObjectId("0194f6a0-0000-7000-8000-000000000011")))
                .isCompleted();
        EngineRun second = node.run(small.withObjectId("0194f6a0-0000-7000-8000-000000000012"));
        assertThatRun(second).isDormant().hasEntryWithReasonContaining("tenant 'acme' exceeded");

        node.clock().advance(Duration.ofSeconds(1));
        assertThatRun(node.resume(second)).isCompleted();
    }

    @Test
    void create_badSettings_failNamingTheKey() {
        assertThatThrownBy(() -> policy(Map.of()))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'ratePerSecond'");
        assertThatThrownBy(() -> policy(Map.of("ratePerSecond", 0)))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'ratePerSecond'");
        assertThatThrownBy(() -> policy(Map.of("ratePerSecond", "fast")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'ratePerSecond'");
        assertThatThrownBy(() -> policy(Map.of("ratePerSecond", 1, "burst", 0)))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'burst'");
        assertThatThrownBy(() -> policy(Map.of("ratePerSecond", 1, "onExhausted", "drop")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'onExhausted'");
        assertThatThrownBy(() -> policy(Map.of("ratePerSecond", 1, "maxTenants", 0)))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'maxTenants'");
        assertThatThrownBy(() -> policy(Map.of("ratePerSecond", 1, "operations", List.of())))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'operations'");
        assertThatThrownBy(() -> policy(Map.of("rate", 1)))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("rate");
    }

    @Test
    void plugin_isDiscoveredWithBothFactories() {
        List<MrePlugin> plugins = ServiceLoader.load(MrePlugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();

        assertThat(plugins).singleElement().satisfies(plugin -> {
            assertThat(plugin.spiVersion()).isEqualTo(SpiVersion.CURRENT);
            assertThat(plugin.policies()).extracting(f -> f.name()).containsExactly("limits", "tenant-rate-limit");
        });
    }
}
