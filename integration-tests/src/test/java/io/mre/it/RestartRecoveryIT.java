package io.mre.it;

import static io.mre.it.mesh.Plans.awaitingDelay;
import static io.mre.it.mesh.Plans.awaitingSignal;
import static io.mre.it.mesh.Plans.entries;
import static io.mre.it.mesh.Plans.id;
import static io.mre.it.mesh.Plans.journey;
import static io.mre.it.mesh.Plans.object;
import static io.mre.it.mesh.Plans.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mre.engine.time.Timestamps;
import io.mre.it.mesh.MeshClient;
import io.mre.it.mesh.MeshNode;
import io.mre.it.mesh.MovableClock;
import io.mre.it.mesh.NodeOptions;
import io.mre.it.mesh.TestMesh;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.GetResponse;
import io.mre.proto.v1.Lifecycle;
import io.mre.proto.v1.SignalRequest;
import io.mre.proto.v1.SignalResponse;
import io.mre.proto.v1.SubmitRequest;
import io.mre.proto.v1.TerminalStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A memory-aware node keeps nothing but the parked objects' bytes: stopped and started again on the same data
 * folder, it re-arms timers from the objects themselves and still takes signals for the objects waiting on them.
 * The nodes' clock is the test's: the timer cannot fire during set-up, however slow the machine, and is due when
 * the test moves the clock past it while the node is down.
 */
class RestartRecoveryIT {
    private static final String ALPHA = "alpha.example";
    /** Never reached in real time during the test: only the test's clock gets there. */
    private static final Duration TIMER = Duration.ofHours(1);

    @TempDir
    Path dir;

    private TestMesh mesh;
    private final NodeOptions options = NodeOptions.of("m1", ALPHA).withHandlers("work");
    private final MovableClock clock = new MovableClock();

    @BeforeEach
    void createMesh() {
        mesh = TestMesh.create(dir, ALPHA);
    }

    @AfterEach
    void stopMesh() {
        mesh.close();
    }

    @Test
    void dormantObjects_wakeAfterARestartByTimerAndBySignal() {
        MeshNode before = mesh.start(options, clock);
        MeshClient client = mesh.client(before);
        ExecutableObject timed = object(ALPHA, awaitingDelay(step("s1", "work"), TIMER));
        ExecutableObject waiting = object(ALPHA, awaitingSignal(step("s1", "work"), "resume"));
        client.node().submit(SubmitRequest.newBuilder().setObject(timed).build());
        client.node().submit(SubmitRequest.newBuilder().setObject(waiting).build());
        client.node()
                .signal(SignalRequest.newBuilder()
                        .setObjectId(id(waiting))
                        .setName("noise")
                        .build());
        GetResponse waitingBefore = client.get(id(waiting));
        assertThat(client.get(id(timed)).getStatus().getLifecycle()).isEqualTo(Lifecycle.LIFECYCLE_DORMANT);

        before.close();
        clock.advance(TIMER.plusMinutes(1)); // the timer fell due while the node was down
        Instant restarted = clock.instant();
        MeshNode after = mesh.start(options, clock);
        MeshClient again = mesh.client(after);

        assertThat(again.get(id(waiting)))
                .as("parked bytes survive the restart unchanged")
                .isEqualTo(waitingBefore);
        GetResponse timedDone = await().atMost(Duration.ofSeconds(20))
                .until(() -> again.get(id(timed)), r -> r.getStatus().getLifecycle() == Lifecycle.LIFECYCLE_TERMINATED);
        SignalResponse woke = again.node()
                .signal(SignalRequest.newBuilder()
                        .setObjectId(id(waiting))
                        .setName("resume")
                        .build());

        assertThat(timedDone.getStatus().getTerminalStatus())
                .as("%s", journey(timedDone.getObject()))
                .isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
        Entry reenter = entries(timedDone.getObject()).stream()
                .filter(e -> e.getAction() == Action.ACTION_REENTER)
                .findFirst()
                .orElseThrow();
        assertThat(Timestamps.toInstant(reenter.getTime()))
                .as("woken by the timer re-armed at start-up")
                .isAfterOrEqualTo(restarted);
        assertThat(reenter.getReenter().getSatisfied().hasAt()).isTrue();
        assertThat(woke.getWoke()).isTrue();
        assertThat(woke.getStatus().getTerminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
        assertThat(journey(woke.getObject()))
                .containsExactly(
                        "DORMANT s1 m1@" + ALPHA,
                        "DORMANT s1 m1@" + ALPHA,
                        "REENTER s1 m1@" + ALPHA,
                        "EXECUTE s1 m1@" + ALPHA,
                        "TERMINATE  m1@" + ALPHA);
        assertThat(entries(woke.getObject()).get(1).getSignalsList())
                .as("the signal recorded before the restart")
                .extracting(s -> s.getName())
                .containsExactly("noise");
        assertThat(again.get(id(waiting)).getObject()).isEqualTo(woke.getObject());
    }
}
