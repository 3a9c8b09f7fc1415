package io.mre.engine.time;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Wire values java.time cannot hold are refused by {@code isValid} and saturate, never throw, when converted. */
class TimestampsTest {
    @Test
    void isValid_acceptsTheProtobufRangeOnly() {
        assertThat(Timestamps.isValid(Timestamps.toProto(Instant.parse("2026-11-26T12:00:00Z"))))
                .isTrue();
        assertThat(Timestamps.isValid(
                        Timestamp.newBuilder().setSeconds(Long.MAX_VALUE).build()))
                .isFalse();
        assertThat(Timestamps.isValid(Timestamp.newBuilder().setNanos(-1).build()))
                .isFalse();
        assertThat(Timestamps.isValid(
                        Duration.newBuilder().setSeconds(-5).setNanos(-1).build()))
                .isTrue();
        assertThat(Timestamps.isValid(
                        Duration.newBuilder().setSeconds(5).setNanos(-1).build()))
                .isFalse();
        assertThat(Timestamps.isValid(
                        Duration.newBuilder().setSeconds(Long.MIN_VALUE).build()))
                .isFalse();
    }

    @Test
    void conversions_saturateInsteadOfThrowing() {
        assertThat(Timestamps.toInstant(
                        Timestamp.newBuilder().setSeconds(Long.MAX_VALUE).build()))
                .isEqualTo(Timestamps.MAX);
        assertThat(Timestamps.toInstant(
                        Timestamp.newBuilder().setSeconds(Long.MIN_VALUE).build()))
                .isEqualTo(Timestamps.MIN);
        assertThat(Timestamps.isValid(Timestamps.toProto(Instant.MAX))).isTrue();
        assertThat(Instant.now()
                        .plus(Timestamps.toDuration(
                                Duration.newBuilder().setSeconds(Long.MAX_VALUE).build())))
                .isAfter(Instant.now());
    }
}
