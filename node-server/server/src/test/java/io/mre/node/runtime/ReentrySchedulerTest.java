package io.mre.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mre.engine.time.Timestamps;
import io.mre.proto.v1.ReentryCondition;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Timers are armed from the objects: one per object (a new arm replaces the old one), disarmed when the object
 * leaves, a far-future time waits without overflowing, a signal-only object waits without a timer. No assertion
 * bets on elapsed time: far timers are never reached, near ones are awaited as conditions.
 */
class ReentrySchedulerTest {
    private final ConcurrentMap<String, AtomicInteger> woken = new ConcurrentHashMap<>();
    private final InstantSource clock = InstantSource.system();
    private final ReentryScheduler scheduler = new ReentryScheduler(
            clock, id -> woken.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet());

    @AfterEach
    void close() {
        scheduler.close();
    }

    // Repeated: a zero-delay timer may fire before schedule() returns; it must still leave nothing counted as armed.
    @RepeatedTest(50)
    void arm_thenResumeSoon_replacesTheTimerAndWakesOnce() {
        scheduler.arm("o1", List.of(at(clock.instant().plus(Duration.ofHours(1)))));
        assertThat(scheduler.armed()).isEqualTo(1);

        scheduler.resumeSoon("o1");

        await().atMost(Duration.ofSeconds(30)).until(() -> woken.containsKey("o1"));
        assertThat(woken.get("o1")).hasValue(1);
        assertThat(scheduler.armed())
                .as("the hour-long timer was replaced, not kept beside")
                .isZero();
    }

    @Test
    void disarm_cancelsTheTimer() {
        scheduler.resumeLater("o1", Duration.ofHours(1));
        scheduler.arm("o2", List.of(at(clock.instant().plus(Duration.ofHours(1)))));

        scheduler.disarm("o1");
        scheduler.disarm("unknown");

        assertThat(scheduler.armed()).isEqualTo(1);
        scheduler.resumeSoon("o3");
        await().atMost(Duration.ofSeconds(30)).until(() -> woken.containsKey("o3"));
        assertThat(woken).doesNotContainKeys("o1", "o2");
    }

    @Test
    void arm_farFutureTime_waitsWithoutOverflow() {
        scheduler.arm("o1", List.of(at(Instant.parse("9999-12-31T23:59:59Z"))));

        assertThat(scheduler.armed()).isEqualTo(1);
        scheduler.disarm("o1");
        assertThat(scheduler.armed()).isZero();
    }

    @Test
    void arm_earliestOfSeveralTimes_andAPastTimeFiresAtOnce() {
        scheduler.arm(
                "o1",
                List.of(
                        at(clock.instant().plus(Duration.ofDays(1))),
                        at(clock.instant().minus(Duration.ofMinutes(1)))));

        await().atMost(Duration.ofSeconds(30)).until(() -> woken.containsKey("o1"));
        assertThat(scheduler.armed()).isZero();
    }

    @Test
    void arm_signalOnlyConditions_armNoTimerAndDisarmAnOldOne() {
        scheduler.resumeLater("o1", Duration.ofHours(1));

        scheduler.arm(
                "o1", List.of(ReentryCondition.newBuilder().setSignal("go").build()));

        assertThat(scheduler.armed()).isZero();
    }

    private static ReentryCondition at(Instant t) {
        return ReentryCondition.newBuilder().setAt(Timestamps.toProto(t)).build();
    }
}
