package io.mre.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.mre.spi.Lifecycle;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ParkedStatusTest {
    private static final Instant AT = Instant.parse("2026-12-03T17:00:00.123456789Z");

    @Test
    void encode_thenDecode_givesTheSameStatus() {
        for (ParkedStatus s : new ParkedStatus[] {
            new ParkedStatus(Lifecycle.ACTIVE, Optional.empty(), Optional.empty()),
            new ParkedStatus(Lifecycle.DORMANT, Optional.of(AT), Optional.empty()),
            new ParkedStatus(Lifecycle.DORMANT, Optional.empty(), Optional.empty()),
            new ParkedStatus(Lifecycle.TERMINATED, Optional.empty(), Optional.of(AT))
        }) {
            assertThat(ParkedStatus.decode(s.encode())).hasValue(s);
        }
    }

    @Test
    void encode_isVersionLifecycleFlagsThenSecondsAndNanos() {
        byte[] bytes = new ParkedStatus(Lifecycle.TERMINATED, Optional.empty(), Optional.of(AT)).encode();

        assertThat(bytes).hasSize(15);
        assertThat(bytes[0]).as("version").isEqualTo((byte) 1);
        assertThat(bytes[1]).as("terminated").isEqualTo((byte) 3);
        assertThat(bytes[2]).as("terminated-at present").isEqualTo((byte) 2);
        assertThat(java.nio.ByteBuffer.wrap(bytes, 3, 12).getLong()).isEqualTo(AT.getEpochSecond());
    }

    @Test
    void decode_noStatusOrAnUnknownForm_isEmpty() {
        assertThat(ParkedStatus.decode(new byte[0])).isEmpty();
        assertThat(ParkedStatus.decode(new byte[] {2, 1, 0}))
                .as("a later version")
                .isEmpty();
        assertThat(ParkedStatus.decode(new byte[] {1, 9, 0}))
                .as("no such lifecycle")
                .isEmpty();
        assertThat(ParkedStatus.decode(new byte[] {1, 2, 1}))
                .as("a timer announced, not there")
                .isEmpty();
    }

    @Test
    void terminatedBefore_onlyForAnEndBeforeTheCutoff() {
        ParkedStatus ended = new ParkedStatus(Lifecycle.TERMINATED, Optional.empty(), Optional.of(AT));

        assertThat(ended.terminatedBefore(AT.plusNanos(1))).isTrue();
        assertThat(ended.terminatedBefore(AT)).isFalse();
        assertThat(new ParkedStatus(Lifecycle.DORMANT, Optional.of(AT), Optional.empty()).terminatedBefore(Instant.MAX))
                .isFalse();
    }
}
