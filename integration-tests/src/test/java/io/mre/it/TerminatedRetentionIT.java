package io.mre.it;

import static io.mre.it.mesh.Plans.awaitingSignal;
import static io.mre.it.mesh.Plans.id;
import static io.mre.it.mesh.Plans.object;
import static io.mre.it.mesh.Plans.step;
import static io.mre.it.mesh.RpcErrors.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.mre.it.mesh.MeshClient;
import io.mre.it.mesh.MeshNode;
import io.mre.it.mesh.MovableClock;
import io.mre.it.mesh.NodeOptions;
import io.mre.it.mesh.TestMesh;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Lifecycle;
import io.mre.proto.v1.SubmitRequest;
import io.mre.proto.v1.TerminalStatus;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A memory-aware node keeps an object that terminated in its custody for {@code limits.keepTerminated}, then drops
 * its bytes; objects still running or dormant stay, whatever their age. The node's clock is the test's: the object
 * is kept however slowly the machine runs, and dropped once the test moves the clock past the window.
 */
class TerminatedRetentionIT {
    private static final String ALPHA = "alpha.example";

    @TempDir
    Path dir;

    private TestMesh mesh;

    @BeforeEach
    void createMesh() {
        mesh = TestMesh.create(dir, ALPHA);
    }

    @AfterEach
    void stopMesh() {
        mesh.close();
    }

    @Test
    void terminatedObject_isKeptForItsRetentionThenDropped_whileADormantOneStays() {
        MovableClock clock = new MovableClock();
        // 4 s: the node looks for expired objects every second of real time; what expires is the test's decision
        MeshNode m1 =
                mesh.start(NodeOptions.of("m1", ALPHA).withHandlers("work").withLimit("keepTerminated", "4s"), clock);
        MeshClient client = mesh.client(m1, ALPHA);
        ExecutableObject done = object(ALPHA, step("s1", "work"));
        ExecutableObject waiting = object(ALPHA, awaitingSignal(step("s1", "work"), "go"));

        client.node().submit(SubmitRequest.newBuilder().setObject(done).build());
        client.node().submit(SubmitRequest.newBuilder().setObject(waiting).build());

        assertThat(client.get(id(done)).getStatus().getTerminalStatus())
                .as("kept at first")
                .isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
        clock.advance(Duration.ofSeconds(3));
        assertThat(client.get(id(done)).getStatus().getTerminalStatus())
                .as("kept within the window")
                .isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
        clock.advance(Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(
                        () -> assertRefused(() -> client.get(id(done)), Status.Code.NOT_FOUND, "OBJECT_NOT_FOUND"));
        assertThat(client.get(id(waiting)).getStatus().getLifecycle())
                .as("a dormant object stays")
                .isEqualTo(Lifecycle.LIFECYCLE_DORMANT);
    }
}
