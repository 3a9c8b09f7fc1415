package io.mre.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TestClockTest {
    @Test
    void clock_standsStillUntilMoved() {
        TestClock clock = TestClock.at(TestClock.MONDAY_9AM);

        assertThat(clock.instant()).isEqualTo(TestClock.MONDAY_9AM);
        assertThat(clock.advance(Duration.ofMinutes(90))).isEqualTo(TestClock.MONDAY_9AM.plusSeconds(5400));
        assertThat(clock.instant()).isEqualTo(TestClock.MONDAY_9AM.plusSeconds(5400));
        clock.set(TestClock.MONDAY_10AM);
        assertThat(clock.instant()).isEqualTo(TestClock.MONDAY_10AM);
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nextUtc_isTheNextSuchMomentAfterTheRealTime() {
        Instant before = Instant.now();
        Instant next = TestClock.nextUtc(DayOfWeek.MONDAY, LocalTime.of(10, 0)).instant();

        assertThat(next)
                .isAfter(before)
                .isBefore(before.plus(Duration.ofDays(7)).plusSeconds(1));
        assertThat(next.atZone(ZoneOffset.UTC).getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
        assertThat(next.atZone(ZoneOffset.UTC).toLocalTime()).isEqualTo(LocalTime.of(10, 0));
    }

    @Test
    void mondayConstants_areAMondayMorning() {
        assertThat(TestClock.MONDAY_9AM.atZone(ZoneOffset.UTC).getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
        assertThat(Duration.between(TestClock.MONDAY_9AM, TestClock.MONDAY_10AM))
                .isEqualTo(Duration.ofHours(1));
    }
}
