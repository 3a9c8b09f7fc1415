package io.mre.engine.time;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import java.time.Instant;

/**
 * Conversions between protobuf and java.time values. The protobuf types allow values java.time cannot hold (and
 * the protobuf spec does not): verification refuses those at the boundary ({@link #isValid}), and the conversions
 * saturate instead of throwing, so a value that slipped through can never crash a cycle.
 */
public final class Timestamps {
    /** 0001-01-01T00:00:00Z, the earliest valid {@code google.protobuf.Timestamp}. */
    public static final Instant MIN = Instant.ofEpochSecond(-62_135_596_800L);
    /** 9999-12-31T23:59:59.999999999Z, the latest valid {@code google.protobuf.Timestamp}. */
    public static final Instant MAX = Instant.ofEpochSecond(253_402_300_799L, 999_999_999);

    private static final long MAX_DURATION_SECONDS = 315_576_000_000L;

    private Timestamps() {}

    /** Whether {@code t} is within the range the protobuf spec allows (years 1 to 9999, nanos normalized). */
    public static boolean isValid(Timestamp t) {
        return t.getSeconds() >= MIN.getEpochSecond()
                && t.getSeconds() <= MAX.getEpochSecond()
                && t.getNanos() >= 0
                && t.getNanos() <= 999_999_999;
    }

    /** Whether {@code d} is within the range the protobuf spec allows (about ±10,000 years, nanos of its sign). */
    public static boolean isValid(Duration d) {
        return d.getSeconds() >= -MAX_DURATION_SECONDS
                && d.getSeconds() <= MAX_DURATION_SECONDS
                && d.getNanos() >= -999_999_999
                && d.getNanos() <= 999_999_999
                && (d.getSeconds() == 0 || d.getNanos() == 0 || (d.getSeconds() < 0) == (d.getNanos() < 0));
    }

    /** The instant of {@code t}, clamped to [{@link #MIN}, {@link #MAX}]. */
    public static Instant toInstant(Timestamp t) {
        if (t.getSeconds() < MIN.getEpochSecond()) {
            return MIN;
        }
        if (t.getSeconds() > MAX.getEpochSecond()) {
            return MAX;
        }
        Instant i = Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
        return i.isBefore(MIN) ? MIN : i.isAfter(MAX) ? MAX : i;
    }

    /** {@code i} as a timestamp, clamped to the valid range so that no entry ever records an invalid one. */
    public static Timestamp toProto(Instant i) {
        Instant c = i.isBefore(MIN) ? MIN : i.isAfter(MAX) ? MAX : i;
        return Timestamp.newBuilder()
                .setSeconds(c.getEpochSecond())
                .setNanos(c.getNano())
                .build();
    }

    /** The duration of {@code d}, clamped to about ±10,000 years. */
    public static java.time.Duration toDuration(Duration d) {
        long seconds = Math.max(-MAX_DURATION_SECONDS, Math.min(MAX_DURATION_SECONDS, d.getSeconds()));
        return java.time.Duration.ofSeconds(seconds, d.getNanos());
    }

    public static Duration toProto(java.time.Duration d) {
        return Duration.newBuilder()
                .setSeconds(d.getSeconds())
                .setNanos(d.getNano())
                .build();
    }
}
