package io.mre.plugins.cel;

import static io.mre.testkit.TestObjects.intent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mre.spi.ObjectView;
import io.mre.testkit.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CelConditionsTest {
    private final TestClock clock = TestClock.at(TestClock.MONDAY_10AM);
    private final CelConditions conditions = new CelConditions(clock);
    private final ObjectView signalled = intent("claim.settle")
            .step("check", "credit.check")
            .signal("documents", "broker.example")
            .view();

    @Test
    void holds_trueWhenTheExpressionHolds() {
        assertThat(conditions.holds("object.state.signals.exists(s, s.name == 'documents')", signalled))
                .isTrue();
        assertThat(conditions.holds("object.state.signals.exists(s, s.name == 'approved')", signalled))
                .isFalse();
    }

    @Test
    void holds_seesTheClockAsNow() {
        String afterEleven = "now >= timestamp('2026-01-05T11:00:00Z')";

        assertThat(conditions.holds(afterEleven, signalled)).isFalse();
        clock.advance(Duration.ofHours(1));
        assertThat(conditions.holds(afterEleven, signalled)).isTrue();
    }

    @Test
    void holds_falseWhenTheExpressionCannotBeEvaluated() {
        assertThat(conditions.holds("object.intent.", signalled))
                .as("does not parse")
                .isFalse();
        assertThat(conditions.holds("object.state.hops", signalled))
                .as("not a bool")
                .isFalse();
        assertThat(conditions.holds("object.intent.input.missing == 1", signalled))
                .as("no such key")
                .isFalse();
        assertThat(conditions.holds("candidate.kind == 'EXECUTE'", signalled))
                .as("no candidate here")
                .isFalse();
    }

    @Test
    void check_namesTheProblem() {
        conditions.check("object.state.hops > 2");
        assertThatThrownBy(() -> conditions.check("object.state.hops +"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ERROR");
    }

    @Test
    void holds_manyDistinctExpressions_staysCorrectPastTheCache() {
        for (int i = 0; i < CelConditions.CACHE_SIZE + 10; i++) {
            assertThat(conditions.holds("object.state.hops < " + (i + 1), signalled))
                    .isTrue();
        }
    }
}
