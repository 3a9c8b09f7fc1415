package io.mre.testkit;

import static java.util.Objects.requireNonNull;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A mutable clock for tests: it stands still until the test moves it. Thread-safe.
 *
 * <pre>{@code
 * TestClock clock = TestClock.startingNow();
 * EngineHarness harness = EngineHarness.forNode(node("n1", "acme.example")).withClock(clock);
 * EngineRun parked = harness.run(object);       // DEFER: dormant until a time
 * clock.advance(Duration.ofHours(1));
 * EngineRun woken = harness.resume(parked);     // the object re-enters
 * }</pre>
 *
 * <p>An {@link EngineHarness} signs with certificates valid from the moment they were made (less a minute), so its
 * clock must not run earlier than the real time; {@link #nextUtc} gives a future weekday and hour that satisfies
 * this. A {@link PolicyHarness} needs no certificates and uses {@link #MONDAY_10AM} by default.
 */
public final class TestClock implements InstantSource {
    /** A fixed Monday morning (2026-01-05T09:00:00Z): when objects built without a time are created. */
    public static final Instant MONDAY_9AM = Instant.parse("2026-01-05T09:00:00Z");
    /** An hour later: the default "now" of a {@link PolicyHarness}. */
    public static final Instant MONDAY_10AM = Instant.parse("2026-01-05T10:00:00Z");

    private final AtomicReference<Instant> now;

    private TestClock(Instant start) {
        this.now = new AtomicReference<>(requireNonNull(start, "start is null"));
    }

    /** A clock standing at {@code start}. */
    public static TestClock at(Instant start) {
        return new TestClock(start);
    }

    /** A clock standing at the real time, truncated to the millisecond. */
    public static TestClock startingNow() {
        return new TestClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    /** A clock standing at the next {@code day} at {@code time} UTC strictly after the real time. */
    public static TestClock nextUtc(DayOfWeek day, LocalTime time) {
        requireNonNull(day, "day is null");
        requireNonNull(time, "time is null");
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        ZonedDateTime candidate = now.with(TemporalAdjusters.nextOrSame(day)).with(time);
        if (!candidate.isAfter(now)) {
            candidate = candidate.plusWeeks(1);
        }
        return new TestClock(candidate.toInstant());
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    /** Moves the clock forward by {@code amount} (not backward) and returns the new time. */
    public Instant advance(Duration amount) {
        requireNonNull(amount, "amount is null");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("a test clock only moves forward: " + amount);
        }
        return now.updateAndGet(t -> t.plus(amount));
    }

    /** Sets the clock to {@code instant} (forward or backward). */
    public void set(Instant instant) {
        now.set(requireNonNull(instant, "instant is null"));
    }

    @Override
    public String toString() {
        return "TestClock[" + now.get() + "]";
    }
}
