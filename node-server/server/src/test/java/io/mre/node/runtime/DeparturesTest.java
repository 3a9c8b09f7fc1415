package io.mre.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mre.proto.v1.NodeRef;
import org.junit.jupiter.api.Test;

class DeparturesTest {
    private static Departures.Departure to(String id, String node, long seq) {
        return new Departures.Departure(
                id,
                NodeRef.newBuilder().setNodeId(node).setTrustDomain("d").build(),
                "127.0.0.1:1",
                seq,
                io.mre.proto.v1.ExecutableObject.getDefaultInstance());
    }

    @Test
    void aLaterHandOffReplacesTheOneRememberedButAnEarlierOneDoesNot() {
        Departures d = new Departures(10);

        assertThat(d.record(to("o", "b", 3))).isTrue();
        assertThat(d.record(to("o", "c", 7))).isTrue();
        // A hand-off thread that finishes late must not send watchers back to where the object was before.
        assertThat(d.record(to("o", "b", 3))).isFalse();

        assertThat(d.of("o")).hasValueSatisfying(x -> {
            assertThat(x.to().getNodeId()).isEqualTo("c");
            assertThat(x.delegateSeq()).isEqualTo(7);
        });
        assertThat(d.of("other")).isEmpty();
    }

    @Test
    void theOldestAreForgottenBeyondCapacity() {
        Departures d = new Departures(2);
        d.record(to("a", "n", 1));
        d.record(to("b", "n", 1));
        d.record(to("a", "n", 2)); // a is now the newest
        d.record(to("c", "n", 1));

        assertThat(d.seqs()).containsOnlyKeys("a", "c");
        assertThat(d.size()).isEqualTo(2);
        assertThatThrownBy(() -> new Departures(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
