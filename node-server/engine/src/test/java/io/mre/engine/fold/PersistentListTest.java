package io.mre.engine.fold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PersistentListTest {
    @Test
    void appendsAndRemovals_behaveLikeAnArrayList() {
        Random random = new Random(11);
        List<Integer> expected = new ArrayList<>();
        PersistentList<Integer> list = PersistentList.of();
        for (int i = 0; i < 5_000; i++) {
            if (!expected.isEmpty() && random.nextInt(4) == 0) {
                int at = random.nextInt(expected.size());
                expected.remove(at);
                list = list.minusAt(at);
            } else {
                expected.add(i);
                list = list.plus(i);
            }
        }
        assertThat(list).containsExactlyElementsOf(expected).isEqualTo(expected).hasSameHashCodeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(list.get(i)).isEqualTo(expected.get(i));
        }
    }

    @Test
    void plus_leavesEarlierSnapshotsAsTheyWere() {
        PersistentList<String> first = PersistentList.<String>of().plus("a").plus("b");
        PersistentList<String> longer = first.plus("c");
        PersistentList<String> fork = first.plus("x");
        PersistentList<String> shorter = longer.minusAt(0);

        assertThat(first).containsExactly("a", "b");
        assertThat(longer).containsExactly("a", "b", "c");
        assertThat(fork).containsExactly("a", "b", "x");
        assertThat(shorter).containsExactly("b", "c");
        assertThat(shorter.plus("d")).containsExactly("b", "c", "d");
    }

    @Test
    void appendsInPlace_leaveListsHandedOutBeforeTheTokenChangedAsTheyWere() {
        Object edit = new Object();
        PersistentList<Integer> list = PersistentList.of();
        for (int i = 0; i < 100; i++) {
            list = list.plus(i, edit);
        }
        PersistentList<Integer> handedOut = list;
        edit = new Object();
        for (int i = 100; i < 300; i++) {
            list = list.plus(i, edit);
        }
        assertThat(handedOut)
                .hasSize(100)
                .containsExactlyElementsOf(
                        java.util.stream.IntStream.range(0, 100).boxed().toList());
        assertThat(list)
                .hasSize(300)
                .containsExactlyElementsOf(
                        java.util.stream.IntStream.range(0, 300).boxed().toList());
    }

    @Test
    void copyOf_copiesOnceAndKeepsOrder() {
        List<String> source = new ArrayList<>(List.of("z", "y", "x"));
        PersistentList<String> copy = PersistentList.copyOf(source);
        source.add("w");
        assertThat(copy).containsExactly("z", "y", "x");
        assertThat(copy.plus("v")).containsExactly("z", "y", "x", "v");
        assertThat(PersistentList.copyOf(copy)).isSameAs(copy);
        assertThat(PersistentList.copyOf(List.of())).isEmpty();
    }

    @Test
    void isImmutableAndRefusesNulls() {
        PersistentList<String> list = PersistentList.<String>of().plus("a");
        assertThatThrownBy(() -> list.add("b")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> list.plus(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> PersistentList.copyOf(java.util.Arrays.asList("a", null)))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> list.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
