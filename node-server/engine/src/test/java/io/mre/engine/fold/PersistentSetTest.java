package io.mre.engine.fold;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PersistentSetTest {
    @Test
    void plus_addsInKeyOrderAndLeavesTheOriginal() {
        PersistentSet<String> two = PersistentSet.<String>of().plus("b").plus("a");
        PersistentSet<String> three = two.plus("c");

        assertThat(two).containsExactly("a", "b").isEqualTo(Set.of("a", "b")).hasSameHashCodeAs(Set.of("a", "b"));
        assertThat(three).containsExactly("a", "b", "c");
        assertThat(two.plus("a")).isSameAs(two);
        assertThat(two.contains("c")).isFalse();
        assertThat(PersistentSet.copyOf(Set.of("q", "p"))).containsExactly("p", "q");
        assertThat(PersistentSet.copyOf(two)).isSameAs(two);
    }
}
