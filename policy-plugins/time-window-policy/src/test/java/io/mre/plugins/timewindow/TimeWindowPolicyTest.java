package io.mre.plugins.timewindow;

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

import io.mre.spi.ActionKind;
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
import io.mre.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class TimeWindowPolicyTest {
    /** Monday 2026-01-05, 10:00 UTC. */
    private static final Instant MONDAY_10AM = TestClock.MONDAY_10AM;

    private final PolicyHarness harness = PolicyHarness.defaults();
    private final ObjectBuilder claim = intent("claim.settle")
            .step("check", "credit.check")
            .step("pay", "payment.transfer", withCompensation("payment.refund"));
    private final Policy officeHours =
            policy(Map.of("operations", List.of("payment.*"), "open", "09:00", "close", "17:00"));

    static Policy policy(Map<String, Object> settings) {
        return new TimeWindowPolicyFactory().create(new PluginSettings("time-window", settings));
    }

    private static Instant at(String iso) {
        return Instant.parse(iso);
    }

    @Test
    void schedule_withinHours_permits() {
        assertThatVerdict(harness.withNow(MONDAY_10AM).evaluate(officeHours, claim, executing("pay")))
                .isPermit();
    }

    @Test
    void schedule_beforeOpening_defersUntilTheOpening() {
        assertThatVerdict(harness.withNow(at("2026-01-05T08:00:00Z")).evaluate(officeHours, claim, executing("pay")))
                .isDeferredUntil(at("2026-01-05T09:00:00Z"))
                .hasReasonContaining("MON,TUE,WED,THU,FRI 09:00-17:00");
    }

    @Test
    void schedule_afterClosingOnFridayOrAtTheWeekend_defersUntilMonday() {
        Instant monday = at("2026-01-12T09:00:00Z");
        assertThatVerdict(harness.withNow(at("2026-01-09T17:00:00Z")).evaluate(officeHours, claim, executing("pay")))
                .isDeferredUntil(monday);
        assertThatVerdict(harness.withNow(at("2026-01-10T12:00:00Z")).evaluate(officeHours, claim, executing("pay")))
                .isDeferredUntil(monday);
    }

    @Test
    void schedule_inAZone_usesLocalTime() {
        Policy paris = policy(Map.of("zone", "Europe/Paris", "open", "09:00", "close", "17:00"));

        // 08:30 UTC is 09:30 in Paris in January; 16:30 UTC is 17:30, after closing.
        assertThatVerdict(harness.withNow(at("2026-01-05T08:30:00Z")).evaluate(paris, claim, executing("pay")))
                .isPermit();
        assertThatVerdict(harness.withNow(at("2026-01-05T16:30:00Z")).evaluate(paris, claim, executing("pay")))
                .isDeferredUntil(at("2026-01-06T08:00:00Z"));
    }

    @Test
    void schedule_overnightWindow_spansMidnight() {
        Policy nights = policy(Map.of("days", "MON-FRI", "open", "22:00", "close", "06:00"));

        assertThatVerdict(harness.withNow(at("2026-01-05T23:00:00Z")).evaluate(nights, claim, executing("pay")))
                .isPermit();
        assertThatVerdict(harness.withNow(at("2026-01-06T03:00:00Z")).evaluate(nights, claim, executing("pay")))
                .isPermit();
        assertThatVerdict(harness.withNow(at("2026-01-10T03:00:00Z")).evaluate(nights, claim, executing("pay")))
                .as("Saturday early morning still belongs to Friday night")
                .isPermit();
        assertThatVerdict(harness.withNow(at("2026-01-10T23:00:00Z")).evaluate(nights, claim, executing("pay")))
                .isDeferredUntil(at("2026-01-12T22:00:00Z"));
    }

    @Test
    void schedule_daysListAndWrappingRange_areRead() {
        Policy weekend = policy(Map.of("days", List.of("SAT", "sunday"), "open", "10:00", "close", "12:00"));
        Policy wrapped = policy(Map.of("days", "FRI-MON", "open", "10:00", "close", "12:00"));

        assertThatVerdict(harness.withNow(MONDAY_10AM).evaluate(weekend, claim, executing("pay")))
                .isDeferredUntil(at("2026-01-10T10:00:00Z"));
        assertThatVerdict(harness.withNow(MONDAY_10AM).evaluate(wrapped, claim, executing("pay")))
                .isPermit();
        assertThatVerdict(harness.withNow(at("2026-01-06T10:00:00Z")).evaluate(wrapped, claim, executing("pay")))
                .isDeferredUntil(at("2026-01-09T10:00:00Z"));
    }

    @Test
    void evaluate_otherOperationsAndCandidates_areNotRestricted() {
        PolicyHarness night = harness.withNow(at("2026-01-05T03:00:00Z"));

        assertThatVerdict(night.evaluate(officeHours, claim, executing("check")))
                .isPermit();
        assertThatVerdict(night.evaluate(
                        officeHours, claim, delegating("pay", peer("b1", "bank.example", "payment.transfer"))))
                .isPermit();
        assertThatVerdict(night.evaluate(officeHours, claim.completed("check").completed("pay"), compensating("pay")))
                .isPermit();
    }

    @Test
    void closedFor_firstSight_defersFromNow() {
        Policy demo = policy(Map.of("closedFor", "3s"));

        assertThatVerdict(harness.withNow(MONDAY_10AM).evaluate(demo, claim, executing("check")))
                .isDeferredUntil(MONDAY_10AM.plusSeconds(3));
    }

    @Test
    void closedFor_measuresFromTheFirstEntryNamingTheStep() {
        Policy demo = policy(Map.of("closedFor", "3s"));
        ObjectBuilder deferred = claim.dormant(Reentry.at(MONDAY_10AM));
        Instant firstSeen = deferred.view().history().get(0).time();

        assertThatVerdict(harness.withNow(firstSeen.plusSeconds(1))
                        .evaluate(demo, deferred.reentered(), executing("check")))
                .isDeferredUntil(firstSeen.plusSeconds(3));
        assertThatVerdict(harness.withNow(firstSeen.plusSeconds(3))
                        .evaluate(demo, deferred.reentered(), executing("check")))
                .isPermit();
    }

    @Test
    void periodic_opensAtTheStartOfEveryPeriod() {
        Policy pulse = policy(Map.of("openEvery", "10s", "openFor", "2s"));

        assertThatVerdict(harness.withNow(MONDAY_10AM.plusMillis(1999)).evaluate(pulse, claim, executing("pay")))
                .isPermit();
        assertThatVerdict(harness.withNow(MONDAY_10AM.plusSeconds(5)).evaluate(pulse, claim, executing("pay")))
                .isDeferredUntil(MONDAY_10AM.plusSeconds(10));
    }

    @Test
    void engine_closedFor_defersThenReentersByTimerAndCompletes() {
        EngineHarness node = EngineHarness.forNode(node("n1", "insurer.example"))
                .policy(policy(Map.of("operations", "payment.*", "closedFor", "3s")))
                .handler(succeeding("credit.check"))
                .handler(succeeding("payment.transfer"))
                .handler(succeeding("payment.refund"));

        EngineRun parked = node.run(claim);
        assertThatRun(parked).isDormant().hasEntryWithReasonContaining("runs only within the window");

        node.clock().advance(Duration.ofSeconds(2));
        assertThatRun(node.resume(parked)).as("still closed").isDormant();

        node.clock().advance(Duration.ofSeconds(1));
        EngineRun resumed = node.resume(parked);
        assertThatRun(resumed).isCompleted();
        assertThat(resumed.actions()).startsWith(ActionKind.REENTER, ActionKind.EXECUTE);
    }

    @Test
    void create_badSettings_failNamingTheKey() {
        assertThatThrownBy(() -> policy(Map.of()))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("exactly one kind of window");
        assertThatThrownBy(() -> policy(Map.of("open", "09:00", "close", "17:00", "closedFor", "3s")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("exactly one kind of window");
        assertThatThrownBy(() -> policy(Map.of("open", "9h", "close", "17:00")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'open'");
        assertThatThrownBy(() -> policy(Map.of("open", "09:00")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'close'");
        assertThatThrownBy(() -> policy(Map.of("zone", "Mars/Olympus", "open", "09:00", "close", "17:00")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'zone'");
        assertThatThrownBy(() -> policy(Map.of("days", "MON-FUNDAY", "open", "09:00", "close", "17:00")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'days'");
        assertThatThrownBy(() -> policy(Map.of("openEvery", "10s", "openFor", "10s")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'openFor'");
        assertThatThrownBy(() -> policy(Map.of("closedFor", "0s")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'closedFor'");
        assertThatThrownBy(() -> policy(Map.of("closedFor", "soon")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'closedFor'");
        assertThatThrownBy(() -> policy(Map.of("closedFor", "3s", "timezone", "UTC")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("timezone");
    }

    @Test
    void plugin_isDiscoveredWithItsFactory() {
        List<MrePlugin> plugins = ServiceLoader.load(MrePlugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();

        assertThat(plugins).singleElement().satisfies(plugin -> {
            assertThat(plugin.spiVersion()).isEqualTo(SpiVersion.CURRENT);
            assertThat(plugin.policies()).extracting(f -> f.name()).containsExactly("time-window");
        });
    }
}
