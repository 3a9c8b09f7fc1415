package io.mre.node.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mre.node.lifecycle.LifecycleManager.Part;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class LifecycleManagerTest {
    private final List<String> events = new CopyOnWriteArrayList<>();

    private Part part(String name) {
        return new Part(name, () -> events.add("start " + name), () -> events.add("stop " + name));
    }

    @Test
    void start_runsPartsInOrder_stop_inReverse() {
        LifecycleManager lifecycle = new LifecycleManager(List.of(part("store"), part("runtime"), part("server")));

        lifecycle.start();
        lifecycle.stop();

        assertThat(events)
                .containsExactly(
                        "start store", "start runtime", "start server", "stop server", "stop runtime", "stop store");
        assertThat(lifecycle.stopOrder()).containsExactly("server", "runtime", "store");
    }

    @Test
    void start_failure_stopsEveryPartInReverseAndRethrows() {
        Part broken = new Part(
                "server",
                () -> {
                    throw new IllegalStateException("cannot listen on 127.0.0.1:1: in use");
                },
                () -> events.add("stop server"));
        LifecycleManager lifecycle =
                new LifecycleManager(List.of(part("store"), part("runtime"), broken, part("never")));

        assertThatThrownBy(lifecycle::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot listen on 127.0.0.1:1: in use");

        assertThat(events)
                .containsExactly(
                        "start store", "start runtime", "stop never", "stop server", "stop runtime", "stop store");
    }

    @Test
    void stop_goesOnPastAPartThatFailsToStop() {
        Part failing = new Part("runtime", () -> {}, () -> {
            throw new IllegalStateException("stuck");
        });
        LifecycleManager lifecycle = new LifecycleManager(List.of(part("store"), failing, part("server")));
        lifecycle.start();

        lifecycle.stop();

        assertThat(events).containsExactly("start store", "start server", "stop server", "stop store");
        assertThat(lifecycle.stopOrder()).containsExactly("server", "runtime", "store");
    }

    @Test
    void stop_twice_stopsEachPartOnce() throws Exception {
        LifecycleManager lifecycle = new LifecycleManager(List.of(part("store")));
        lifecycle.start();

        lifecycle.stop();
        lifecycle.stop();
        lifecycle.awaitTermination();

        assertThat(events).containsExactly("start store", "stop store");
        assertThatThrownBy(lifecycle::start).isInstanceOf(IllegalStateException.class);
    }
}
