package io.mre.engine.fold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PersistentMapTest {
    @Test
    void randomOperations_behaveLikeATreeMap() {
        Random random = new Random(7);
        TreeMap<Integer, String> expected = new TreeMap<>();
        PersistentMap<Integer, String> map = PersistentMap.of();
        for (int i = 0; i < 20_000; i++) {
            int key = random.nextInt(500);
            if (random.nextInt(3) == 0) {
                expected.remove(key);
                map = map.without(key);
            } else {
                expected.put(key, "v" + i);
                map = map.with(key, "v" + i);
            }
            if (i % 997 == 0) {
                assertThat(map).isEqualTo(expected);
                assertThat(new ArrayList<>(map.keySet())).containsExactlyElementsOf(expected.keySet());
            }
        }
        assertThat(map).isEqualTo(expected).hasSameHashCodeAs(expected);
        assertThat(map.size()).isEqualTo(expected.size());
        List<Integer> keys = new ArrayList<>(expected.keySet());
        for (int rank = 0; rank < keys.size(); rank++) {
            assertThat(map.keyAt(rank)).isEqualTo(keys.get(rank));
            assertThat(map.valueAt(rank)).isEqualTo(expected.get(keys.get(rank)));
        }
    }

    @Test
    void with_leavesEverySnapshotAsItWas() {
        List<PersistentMap<String, Integer>> snapshots = new ArrayList<>();
        List<Map<String, Integer>> copies = new ArrayList<>();
        PersistentMap<String, Integer> map = PersistentMap.of();
        for (int i = 0; i < 300; i++) {
            map = map.with("k" + (i % 120), i);
            if (i % 40 == 0) {
                map = map.without("k" + (i / 3));
            }
            snapshots.add(map);
            copies.add(new HashMap<>(map));
        }
        for (int i = 0; i < snapshots.size(); i++) {
            assertThat(snapshots.get(i)).as("snapshot %d", i).isEqualTo(copies.get(i));
        }
    }

    @Test
    void editsInPlace_changeOnlyNodesOfTheirOwnToken() {
        Random random = new Random(3);
        TreeMap<Integer, String> expected = new TreeMap<>();
        PersistentMap<Integer, String> map = PersistentMap.of();
        Object edit = new Object();
        List<PersistentMap<Integer, String>> snapshots = new ArrayList<>();
        List<Map<Integer, String>> copies = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            int key = random.nextInt(400);
            if (random.nextInt(3) == 0) {
                expected.remove(key);
                map = map.without(key, edit);
            } else {
                expected.put(key, "v" + i);
                map = map.with(key, "v" + i, edit);
            }
            if (random.nextInt(50) == 0) {
                edit = new Object();
                snapshots.add(map);
                copies.add(new TreeMap<>(map));
                assertThat(map).isEqualTo(expected);
            }
        }
        assertThat(map).isEqualTo(expected);
        assertThat(map.height()).isLessThanOrEqualTo(13);
        for (int i = 0; i < snapshots.size(); i++) {
            assertThat(snapshots.get(i)).as("snapshot %d", i).isEqualTo(copies.get(i));
            assertThat(snapshots.get(i).size()).isEqualTo(copies.get(i).size());
        }
    }

    @Test
    void iterates_byHashCodeThenNaturalOrder() {
        PersistentMap<String, Integer> map = PersistentMap.copyOf(Map.of("aa", 1, "z", 2, "Aa", 3, "BB", 4));

        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode()).isLessThan("aa".hashCode());
        assertThat(map.keySet()).containsExactly("z", "Aa", "BB", "aa");
    }

    @Test
    void sequentialKeys_stayBalanced() {
        PersistentMap<Integer, Integer> map = PersistentMap.of();
        for (int i = 0; i < 4096; i++) {
            map = map.with(i, i);
        }
        assertThat(map.height()).isLessThanOrEqualTo(13);
        for (int i = 0; i < 4000; i++) {
            map = map.without(i);
        }
        assertThat(map.height()).isLessThanOrEqualTo(8);
        assertThat(map).hasSize(96).containsEntry(4095, 4095);
    }

    @Test
    @SuppressWarnings("CollectionIncompatibleType") // Map.get(Object) takes any key: a foreign one finds nothing
    void without_absentKey_returnsTheSameMap() {
        PersistentMap<String, Integer> map = PersistentMap.<String, Integer>of().with("a", 1);
        assertThat(map.without("b")).isSameAs(map);
        assertThat(map.with("a", 2)).containsExactly(Map.entry("a", 2));
        assertThat(map).containsExactly(Map.entry("a", 1));
        assertThat(map.get(42)).isNull();
        assertThat(map.containsKey(null)).isFalse();
    }

    @Test
    void copyOf_keepsAPersistentMapAndCopiesAnyOther() {
        Map<String, Integer> source = new HashMap<>(Map.of("b", 2, "a", 1));
        PersistentMap<String, Integer> copy = PersistentMap.copyOf(source);
        source.put("c", 3);
        assertThat(copy).containsExactly(Map.entry("a", 1), Map.entry("b", 2));
        assertThat(PersistentMap.copyOf(copy)).isSameAs(copy);
    }

    @Test
    void isImmutableAndRefusesNulls() {
        PersistentMap<String, Integer> map = PersistentMap.<String, Integer>of().with("a", 1);
        assertThatThrownBy(() -> map.put("b", 2)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.entrySet().iterator().remove()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.with("b", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> map.valueAt(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
