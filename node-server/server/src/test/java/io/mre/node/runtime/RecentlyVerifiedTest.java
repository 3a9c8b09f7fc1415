package io.mre.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecentlyVerifiedTest {
    private static byte[] bytes(int length, int fill) {
        byte[] b = new byte[length];
        java.util.Arrays.fill(b, (byte) fill);
        return b;
    }

    @Test
    void handsOutTheVerificationOnlyForTheExactBytesVerified() {
        RecentlyVerified<String> cache = new RecentlyVerified<>(10, 1000);
        cache.keep("o1", "verified-o1", bytes(10, 1));

        byte[] changed = bytes(10, 1);
        changed[3] ^= 1;

        assertThat(cache.take("o1", changed)).as("one flipped bit means verify again").isEmpty();
        assertThat(cache.take("o1", bytes(10, 1))).as("taking forgets, even on a mismatch").isEmpty();
    }

    @Test
    void handsOutAVerificationOnce() {
        RecentlyVerified<String> cache = new RecentlyVerified<>(10, 1000);
        cache.keep("o1", "verified-o1", bytes(10, 1));

        assertThat(cache.take("o1", bytes(10, 1))).contains("verified-o1");
        assertThat(cache.take("o1", bytes(10, 1))).isEmpty();
        assertThat(cache.size()).isZero();
        assertThat(cache.bytesHeld()).isZero();
    }

    @Test
    void aNewerVerificationOfTheSameObjectReplacesTheOlder() {
        RecentlyVerified<String> cache = new RecentlyVerified<>(10, 1000);
        cache.keep("o1", "old", bytes(10, 1));
        cache.keep("o1", "new", bytes(20, 2));

        assertThat(cache.bytesHeld()).isEqualTo(20);
        assertThat(cache.take("o1", bytes(20, 2))).contains("new");
    }

    @Test
    void dropsTheOldestBeyondTheEntryBound() {
        RecentlyVerified<String> cache = new RecentlyVerified<>(2, 1000);
        cache.keep("o1", "v1", bytes(1, 1));
        cache.keep("o2", "v2", bytes(1, 2));
        cache.keep("o3", "v3", bytes(1, 3));

        assertThat(cache.sizes()).containsOnlyKeys("o2", "o3");
    }

    @Test
    void dropsTheOldestBeyondTheByteBound() {
        RecentlyVerified<String> cache = new RecentlyVerified<>(100, 100);
        cache.keep("o1", "v1", bytes(40, 1));
        cache.keep("o2", "v2", bytes(40, 2));
        cache.keep("o3", "v3", bytes(40, 3));

        assertThat(cache.sizes()).containsOnlyKeys("o2", "o3");
        assertThat(cache.bytesHeld()).isEqualTo(80);
    }

    @Test
    void neverKeepsAnObjectLargerThanTheWholeBound() {
        RecentlyVerified<String> cache = new RecentlyVerified<>(100, 100);
        cache.keep("small", "v", bytes(10, 1));
        cache.keep("huge", "v", bytes(101, 1));

        assertThat(cache.sizes()).containsOnlyKeys("small");
    }

    @Test
    void refusesNegativeBounds() {
        assertThatThrownBy(() -> new RecentlyVerified<String>(-1, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
