package io.mre.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoParkedObjectStoreTest {
    private final ParkedObjectStore store = ParkedObjectStore.none();

    @Test
    void lookups_findNothing() {
        assertThat(store.get("a")).isEmpty();
        assertThat(store.head("a")).isEmpty();
        assertThat(store.count()).isZero();
        assertThat(store.approximateSizeBytes()).isZero();
        List<String> seen = new ArrayList<>();
        store.forEach((id, bytes) -> seen.add(id));
        assertThat(seen).isEmpty();
    }

    @Test
    void put_failsRatherThanPretendingDurability() {
        assertThat(store.put("a", new byte[1], new byte[1]))
                .failsWithin(java.time.Duration.ZERO)
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(IllegalStateException.class)
                .withMessage("a stateless node parks nothing (object a)");
    }

    @Test
    void delete_isANoOp() {
        assertThat(store.delete("a")).isCompleted();
    }
}
