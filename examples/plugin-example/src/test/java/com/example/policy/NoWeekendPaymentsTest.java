package com.example.policy;

import static io.mre.testkit.Candidate.compensating;
import static io.mre.testkit.Candidate.executing;
import static io.mre.testkit.MreAssertions.assertThatRun;
import static io.mre.testkit.MreAssertions.assertThatVerdict;
import static io.mre.testkit.TestHandlers.succeeding;
import static io.mre.testkit.TestNodes.node;
import static io.mre.testkit.TestObjects.intent;
import static io.mre.testkit.TestObjects.withCompensation;
import static io.mre.testkit.TestObjects.withParam;
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
import io.mre.testkit.TestClock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class NoWeekendPaymentsTest {
    private static final Instant SATURDAY_10AM = Instant.parse("2026-01-10T10:00:00Z");
    private static final Instant NEXT_MONDAY = Instant.parse("2026-01-12T00:00:00Z");

    private final PolicyHarness harness = PolicyHarness.forNode(node("n1", "insurer.example"));
    private final Policy policy = policy(Map.of("maxAmount", 10_000));
    private final ObjectBuilder claim = intent("claim.settle")
            .step("check", "credit.check")
            .step("pay", "payment.transfer", withParam("amount", 12_000), withCompensation("payment.refund"))
            .completed("check");

    static Policy policy(Map<String, Object> settings) {
        return new NoWeekendPaymentsFactory().create(new PluginSettings("no-weekend-payments", settings));
    }

    @Test
    void largePaymentOnSaturday_isDeferredUntilMonday() {
        assertThatVerdict(harness.withNow(SATURDAY_10AM).evaluate(policy, claim, executing("pay")))
                .isDefer().isDeferredUntil(NEXT_MONDAY)
                .hasReasonContaining("payment of 12000 above 10000 on a SATURDAY");
    }

    @Test
    void largePaymentOnAWorkingDay_isPermitted() {
        assertThatVerdict(harness.withNow(TestClock.MONDAY_10AM).evaluate(policy, claim, executing("pay")))
                .isPermit();
    }

    @Test
    void smallPaymentOnSaturday_isPermitted() {
        ObjectBuilder small = intent("claim.settle").step("pay", "payment.transfer", withParam("amount", 9_999.5));

        assertThatVerdict(harness.withNow(SATURDAY_10AM).evaluate(policy, small, executing("pay"))).isPermit();
    }

    @Test
    void paymentWithoutAmount_isRejected() {
        ObjectBuilder noAmount = intent("claim.settle").step("pay", "payment.transfer");

        assertThatVerdict(harness.evaluate(policy, noAmount, executing("pay"))).isReject()
                .hasReasonContaining("no numeric amount");
    }

    @Test
    void otherOperationsAndRefunds_arePermittedAtTheWeekend() {
        PolicyHarness saturday = harness.withNow(SATURDAY_10AM);
        ObjectBuilder paid = claim.completed("pay");

        assertThatVerdict(saturday.evaluate(policy, claim, executing("check"))).isPermit();
        assertThatVerdict(saturday.evaluate(policy, paid, compensating("pay"))).isPermit();
    }

    @Test
    void weekendOfTheConfiguredZoneAndDays_counts() {
        // Friday 23:30 UTC is already Saturday in Paris; the weekend there ends Monday 00:00 Paris time.
        Policy paris = policy(Map.of("maxAmount", 10_000, "zone", "Europe/Paris"));
        Policy fridaySaturday = policy(Map.of("maxAmount", 10_000, "weekendDays", List.of("friday", "saturday")));

        assertThatVerdict(harness.withNow(Instant.parse("2026-01-09T23:30:00Z")).evaluate(paris, claim,
                executing("pay"))).isDeferredUntil(Instant.parse("2026-01-11T23:00:00Z"));
        assertThatVerdict(harness.withNow(Instant.parse("2026-01-09T10:00:00Z")).evaluate(fridaySaturday, claim,
                executing("pay"))).isDeferredUntil(Instant.parse("2026-01-11T00:00:00Z"));
    }

    @Test
    void badSettings_areRefusedNamingTheSetting() {
        assertThatThrownBy(() -> policy(Map.of())).isInstanceOf(InvalidSettingsException.class)
                .hasMessage("no-weekend-payments: missing setting 'maxAmount'");
        assertThatThrownBy(() -> policy(Map.of("maxAmount", "lots"))).isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'maxAmount' must be an integer");
        assertThatThrownBy(() -> policy(Map.of("maxAmount", 1, "zone", "Mars/Olympus")))
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("unknown time zone");
        assertThatThrownBy(() -> policy(Map.of("maxAmount", 1, "weekendDays", "caturday")))
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("'caturday'");
        assertThatThrownBy(() -> policy(Map.of("maxAmount", 1, "weekendDays", List.of("MONDAY", "TUESDAY",
                "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"))))
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("whole week");
        assertThatThrownBy(() -> policy(Map.of("maxAmount", 1, "max", 2)))
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("unknown setting(s) [max]");
    }

    @Test
    void inARealEngine_theObjectSleepsThroughTheWeekendThenPays() {
        EngineHarness engine = EngineHarness.forNode(node("n1", "insurer.example"))
                .withClock(TestClock.nextUtc(DayOfWeek.SATURDAY, LocalTime.of(10, 0)))
                .policy(policy)
                .handler(succeeding("credit.check"))
                .handler(succeeding("payment.transfer"));

        EngineRun saturday = engine.run(claim);
        engine.clock().advance(Duration.ofDays(2));
        EngineRun monday = engine.resume(saturday);

        assertThatRun(saturday).isDormant().hasEntryWithReasonContaining("on a SATURDAY");
        assertThatRun(monday).isCompleted();
    }

    @Test
    void plugin_isFoundByTheServiceLoaderWithItsPolicy() {
        List<MrePlugin> plugins = ServiceLoader.load(MrePlugin.class).stream().map(ServiceLoader.Provider::get)
                .toList();

        assertThat(plugins).singleElement().satisfies(plugin -> {
            assertThat(plugin.spiVersion()).isEqualTo(SpiVersion.CURRENT);
            assertThat(plugin.policies()).extracting(f -> f.name()).containsExactly("no-weekend-payments");
        });
    }
}
