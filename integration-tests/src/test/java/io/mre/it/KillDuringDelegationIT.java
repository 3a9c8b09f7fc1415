package io.mre.it;

import static io.mre.it.mesh.Plans.entries;
import static io.mre.it.mesh.Plans.id;
import static io.mre.it.mesh.Plans.journey;
import static io.mre.it.mesh.Plans.object;
import static io.mre.it.mesh.Plans.step;
import static io.mre.it.mesh.RpcErrors.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.mre.engine.verify.Verifier;
import io.mre.engine.verify.VerifierSettings;
import io.mre.it.mesh.ChildNode;
import io.mre.it.mesh.MeshClient;
import io.mre.it.mesh.MeshNode;
import io.mre.it.mesh.NodeOptions;
import io.mre.it.mesh.TestMesh;
import io.mre.it.plugin.Gate;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.GetResponse;
import io.mre.proto.v1.Lifecycle;
import io.mre.proto.v1.SubmitRequest;
import io.mre.proto.v1.SubmitResponse;
import io.mre.proto.v1.TerminalStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node process killed with SIGKILL in the middle of a custody transfer, then restarted on its data folder: the
 * object ends in exactly one custody and finishes. Once for each side of the transfer: the sender dies after it
 * persisted the DELEGATE entry and before any acknowledgement; the receiver dies after it acknowledged custody and
 * while it runs the step. These are the only tests with nodes in child JVMs (the shaded {@code mre-node.jar}).
 */
class KillDuringDelegationIT {
    private static final String ALPHA = "alpha.example";
    private static final String BETA = "beta.example";
    private static final Duration FINISH = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private TestMesh mesh;

    @BeforeEach
    void createMesh() {
        mesh = TestMesh.create(dir.resolve("mesh"), ALPHA, BETA);
    }

    @AfterEach
    void stopMesh() {
        mesh.close();
    }

    @Test
    void senderKilledBeforeTheAcknowledgement_deliversTheSameHeadAfterRestart() throws Exception {
        // b1 has room for one evaluation and a held step takes it: it answers OVERLOADED, which a1 keeps retrying.
        MeshNode b1 = mesh.start(
                NodeOptions.of("b1", BETA).withHandlers("score", "slow").withLimit("maxConcurrentEvaluations", "1"));
        NodeOptions sender = NodeOptions.of("a1", ALPHA)
                .withHandlers("prepare")
                .withPeers(b1)
                .withLimit("handoffTimeout", "60s");
        ChildNode a1 = mesh.spawn(sender);
        mesh.awaitPeerFor(a1, "score");
        String gateName = "busy-" + System.nanoTime();
        Gate busy = Gate.named(gateName);
        MeshClient atReceiver = mesh.client(b1);
        atReceiver
                .nodeAsync()
                .submit(
                        SubmitRequest.newBuilder()
                                .setObject(object(BETA, Map.of("gate", gateName), step("s1", "slow")))
                                .build(),
                        ignore());
        busy.awaitArrivals(1, FINISH);
        ExecutableObject object = object(ALPHA, step("s1", "prepare", ALPHA), step("s2", "score", BETA));
        MeshClient toSender = mesh.client(a1);
        toSender.nodeAsync().submit(SubmitRequest.newBuilder().setObject(object).build(), ignore());

        await("DELEGATE persisted on " + a1)
                .atMost(FINISH)
                .ignoreExceptions()
                .until(() -> lastAction(toSender.get(id(object)).getObject()) == Action.ACTION_DELEGATE);
        a1.kill();
        assertRefused(() -> atReceiver.get(id(object)), Status.Code.NOT_FOUND, "OBJECT_NOT_FOUND");
        busy.open();
        ChildNode a1Again = mesh.spawn(a1.restartOptions());

        MeshClient ownerAtReceiver = mesh.client(b1, ALPHA); // the object's owner domain may read it there
        GetResponse done = await("object finished at b1")
                .atMost(FINISH)
                .ignoreExceptions()
                .until(
                        () -> ownerAtReceiver.get(id(object)),
                        r -> r.getStatus().getLifecycle() == Lifecycle.LIFECYCLE_TERMINATED);
        assertThat(done.getStatus().getTerminalStatus())
                .as("%s", journey(done.getObject()))
                .isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
        assertThat(journey(done.getObject()))
                .containsExactly(
                        "EXECUTE s1 a1@" + ALPHA,
                        "DELEGATE s2 a1@" + ALPHA,
                        "EXECUTE s2 b1@" + BETA,
                        "TERMINATE  b1@" + BETA);
        new Verifier(VerifierSettings.strict(mesh.trustBundle())).verify(done.getObject());
        MeshClient atSender = mesh.client(a1Again);
        await("a1 drops its copy once b1 acknowledged")
                .atMost(FINISH)
                .untilAsserted(
                        () -> assertRefused(() -> atSender.get(id(object)), Status.Code.NOT_FOUND, "OBJECT_NOT_FOUND"));
    }

    @Test
    void receiverKilledWhileRunningTheStep_finishesItAfterRestart() throws Exception {
        Path hold = dir.resolve("hold");
        Files.writeString(hold, "held");
        Path calls = dir.resolve("hold.calls");
        NodeOptions receiver = NodeOptions.of("b1", BETA).withHandlers("hold");
        ChildNode b1 = mesh.spawn(receiver);
        MeshNode a1 =
                mesh.start(NodeOptions.of("a1", ALPHA).withHandlers("prepare").withPeers(b1));
        mesh.awaitPeerFor(a1, "hold");
        ExecutableObject object = object(
                ALPHA, Map.of("holdFile", hold.toString()), step("s1", "prepare", ALPHA), step("s2", "hold", BETA));

        SubmitResponse handedOff = mesh.client(a1)
                .node()
                .submit(SubmitRequest.newBuilder().setObject(object).build());
        await("b1 runs the step")
                .atMost(FINISH)
                .until(() -> Files.exists(calls) && !Files.readAllLines(calls).isEmpty());
        b1.kill();
        Files.delete(hold);
        ChildNode b1Again = mesh.spawn(b1.restartOptions());

        MeshClient atReceiver = mesh.client(b1Again, ALPHA); // the object's owner domain may read it there
        GetResponse done = await("object finished at b1")
                .atMost(FINISH)
                .ignoreExceptions()
                .until(
                        () -> atReceiver.get(id(object)),
                        r -> r.getStatus().getLifecycle() == Lifecycle.LIFECYCLE_TERMINATED);
        assertThat(handedOff.getStatus().getHolder().getNodeId()).isEqualTo("b1");
        assertThat(done.getStatus().getTerminalStatus())
                .as("%s", journey(done.getObject()))
                .isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
        assertThat(journey(done.getObject()))
                .containsExactly(
                        "EXECUTE s1 a1@" + ALPHA,
                        "DELEGATE s2 a1@" + ALPHA,
                        "EXECUTE s2 b1@" + BETA,
                        "TERMINATE  b1@" + BETA);
        List<String> keys = Files.readAllLines(calls);
        assertThat(keys)
                .as("run again after the crash, with the same idempotency key")
                .hasSize(2)
                .containsOnly(id(object) + "/s2/1");
        assertRefused(() -> mesh.client(a1).get(id(object)), Status.Code.NOT_FOUND, "OBJECT_NOT_FOUND");
    }

    private static Action lastAction(ExecutableObject object) {
        return entries(object).isEmpty()
                ? Action.ACTION_UNSPECIFIED
                : entries(object).getLast().getAction();
    }

    private static <T> StreamObserver<T> ignore() {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {}

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
        };
    }
}
