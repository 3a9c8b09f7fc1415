package io.mre.node.runtime;

import static io.mre.node.runtime.CustodyMesh.A1;
import static io.mre.node.runtime.CustodyMesh.A1_PEER;
import static io.mre.node.runtime.CustodyMesh.ALPHA;
import static io.mre.node.runtime.CustodyMesh.B1;
import static io.mre.node.runtime.CustodyMesh.B1_PEER;
import static io.mre.node.runtime.CustodyMesh.BETA;
import static io.mre.node.runtime.CustodyMesh.actions;
import static io.mre.node.runtime.CustodyMesh.entries;
import static io.mre.node.runtime.CustodyMesh.id;
import static io.mre.node.runtime.CustodyMesh.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Struct;
import io.mre.crypto.SigningKey;
import io.mre.engine.Engine;
import io.mre.engine.MreException;
import io.mre.engine.time.Timestamps;
import io.mre.errors.ErrorCode;
import io.mre.node.store.RocksDbParkedObjectStore;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.DelegateResponse;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Lifecycle;
import io.mre.proto.v1.NodeRef;
import io.mre.proto.v1.ReentryCondition;
import io.mre.proto.v1.Step;
import io.mre.spi.PeerView;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's custody paths that only the runtime sees: custody that comes back from a stateless peer and is parked
 * again with its timer, signals and cancels refused while the object is in transit, a fork refused on the Delegate
 * path with nothing parked, a peer that does not take custody turning into a dormant object kept here.
 */
class NodeRuntimeTest {
    private static final io.mre.proto.v1.CallerRef CALLER = io.mre.proto.v1.CallerRef.newBuilder()
            .setTrustDomain(ALPHA)
            .setName("ops")
            .setSubject("CN=ops,O=" + ALPHA)
            .build();

    @TempDir
    Path dir;

    private CustodyMesh mesh;
    private InstantSource clock;

    @BeforeEach
    void setUp() {
        mesh = new CustodyMesh(dir);
        clock = mesh.clock;
    }

    @AfterEach
    void close() throws Exception {
        mesh.close();
    }

    @Test
    void settle_custodyReturnedByAStatelessPeer_isParkedAgainWithItsTimer() {
        Engine beta = engine(B1, "op.b", A1_PEER);
        NodeRuntime a1 = runtime(engine(A1, "op.a", B1_PEER), "a1", (peer, object, relay, timeout) -> {
            // b1 is stateless: it runs the object (dormant on its await) and hands custody back
            NodeRuntime b1 = new NodeRuntime(
                    beta,
                    io.mre.node.store.ParkedObjectStore.none(),
                    false,
                    (p, o, r, t) -> {
                        throw new AssertionError("b1 delegates nothing");
                    },
                    Duration.ofSeconds(5),
                    8,
                    clock);
            DelegateResponse ack = b1.accept(object, relay, Optional.of(ALPHA));
            b1.close();
            return ack;
        });
        ExecutableObject object = object(
                step("s1", "op.a"),
                step("s2", "op.b"),
                step("s3", "op.b").toBuilder()
                        .setAwaitCondition(
                                ReentryCondition.newBuilder().setAfter(Timestamps.toProto(Duration.ofHours(1))))
                        .build());

        NodeRuntime.Result result = a1.submit(object, Admission.ANYONE);

        assertThat(result.custodyWithCaller()).isFalse();
        NodeRuntime.Result parked = a1.get(id(object), Admission.ANYONE);
        assertThat(actions(parked.object()))
                .containsExactly(
                        Action.ACTION_EXECUTE, Action.ACTION_DELEGATE, Action.ACTION_EXECUTE, Action.ACTION_DORMANT);
        assertThat(entries(parked.object()).getLast().getNode().getNodeId())
                .as("dormant at b1")
                .isEqualTo("b1");
        assertThat(parked.status().getLifecycle()).isEqualTo(Lifecycle.LIFECYCLE_DORMANT);
        assertThat(parked.object()).isEqualTo(result.object());
        assertThat(a1.armedTimers()).as("its hour-long await is armed here").isEqualTo(1);
    }

    @Test
    void signalAndCancel_whileTheObjectIsInTransit_areRefusedAndAppendNothing() throws Exception {
        CountDownLatch inTransit = new CountDownLatch(1);
        CountDownLatch acknowledge = new CountDownLatch(1);
        NodeRuntime a1 = runtime(engine(A1, "op.a", B1_PEER), "a1", (peer, object, relay, timeout) -> {
            inTransit.countDown();
            released(acknowledge);
            return DelegateResponse.newBuilder()
                    .setReceiver(NodeRef.newBuilder().setNodeId("b1").setTrustDomain(BETA))
                    .build();
        });
        ExecutableObject object = object(step("s1", "op.a"), step("s2", "op.b"));
        CompletableFuture<NodeRuntime.Result> submitted =
                CompletableFuture.supplyAsync(() -> a1.submit(object, Admission.ANYONE));
        assertThat(inTransit.await(30, TimeUnit.SECONDS)).isTrue();
        ExecutableObject before = a1.get(id(object), Admission.ANYONE).object();

        MreException signal = catchThrowableOfType(
                MreException.class,
                () -> a1.signal(id(object), "go", Struct.getDefaultInstance(), CALLER, Admission.ANYONE));
        MreException cancel = catchThrowableOfType(
                MreException.class,
                () -> a1.cancel(Optional.of(id(object)), Optional.empty(), "stop", CALLER, Admission.ANYONE));

        assertThat(signal.code()).isEqualTo(ErrorCode.WRONG_CUSTODIAN);
        assertThat(signal.getMessage())
                .isEqualTo("object " + id(object) + " is being handed to b1@" + BETA + "; send it there");
        assertThat(cancel.code()).isEqualTo(ErrorCode.WRONG_CUSTODIAN);
        assertThat(a1.get(id(object), Admission.ANYONE).object())
                .as("nothing appended")
                .isEqualTo(before);
        assertThat(actions(before)).containsExactly(Action.ACTION_EXECUTE, Action.ACTION_DELEGATE);
        acknowledge.countDown();
        submitted.get(30, TimeUnit.SECONDS);
        MreException gone = catchThrowableOfType(MreException.class, () -> a1.get(id(object), Admission.ANYONE));
        assertThat(gone.code()).as("acknowledged: the copy is dropped").isEqualTo(ErrorCode.OBJECT_NOT_FOUND);
    }

    @Test
    void accept_historyThatDivergesFromTheHeadSeenHere_isAForkAndChangesNothing() {
        Engine alpha = engine(A1, "op.a", B1_PEER);
        NodeRuntime b1 = runtime(engine(B1, "op.b", A1_PEER), "b1", (peer, object, relay, timeout) -> {
            throw new AssertionError("b1 delegates nothing here");
        });
        ExecutableObject object = object(
                step("s1", "op.a"),
                step("s2", "op.b"),
                step("s3", "op.b").toBuilder()
                        .setAwaitCondition(ReentryCondition.newBuilder().setSignal("go"))
                        .build());
        ExecutableObject first = alpha.run(alpha.verify(object), io.mre.engine.VisitInput.NONE)
                .object()
                .object();
        b1.accept(first, false, Optional.of(ALPHA));
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        b1.get(id(object), Admission.ANYONE).status().getLifecycle() == Lifecycle.LIFECYCLE_DORMANT);
        ExecutableObject parked = b1.get(id(object), Admission.ANYONE).object();
        // the same object run again a second later: another EXECUTE and DELEGATE, a history without b1's head
        mesh.now.updateAndGet(t -> t.plusSeconds(1));
        ExecutableObject fork = alpha.run(alpha.verify(object), io.mre.engine.VisitInput.NONE)
                .object()
                .object();

        MreException refused =
                catchThrowableOfType(MreException.class, () -> b1.accept(fork, false, Optional.of(ALPHA)));

        assertThat(refused.code()).isEqualTo(ErrorCode.FORK_DETECTED);
        assertThat(refused.getMessage()).startsWith("object " + id(object) + " has a history that diverges");
        assertThat(b1.get(id(object), Admission.ANYONE).object())
                .as("parked bytes unchanged")
                .isEqualTo(parked);
        assertThat(b1.accept(first, false, Optional.of(ALPHA)).getDuplicate())
                .as("the head it accepted is still recognized")
                .isTrue();
    }

    @Test
    void settle_peerThatDoesNotTakeCustody_leavesTheObjectDormantHereWithARetry() {
        NodeRuntime a1 = runtime(engine(A1, "op.a", B1_PEER), "a1", (peer, object, relay, timeout) -> {
            throw new MreException(
                    ErrorCode.PEER_UNAVAILABLE,
                    "peer b1@beta.example (b1:7443) did not take " + "custody within " + timeout
                            + ": deadline exceeded");
        });
        ExecutableObject object = object(step("s1", "op.a"), step("s2", "op.b"));

        a1.submit(object, Admission.ANYONE);

        NodeRuntime.Result parked = a1.get(id(object), Admission.ANYONE);
        assertThat(actions(parked.object()))
                .containsExactly(Action.ACTION_EXECUTE, Action.ACTION_DELEGATE, Action.ACTION_DORMANT);
        assertThat(parked.status().getLifecycle()).isEqualTo(Lifecycle.LIFECYCLE_DORMANT);
        Entry dormant = entries(parked.object()).getLast();
        assertThat(dormant.getNode().getNodeId()).isEqualTo("a1");
        assertThat(dormant.getDormant().getReason()).isEqualTo("no reachable node can run 's2' (op.b); retry in PT5S");
        assertThat(a1.armedTimers()).isEqualTo(1);
    }

    @Test
    void settle_peerThatMayHaveTakenCustody_getsTheSameHeadAgainAndNoOtherPeerIsAsked() {
        PeerView b2 = new PeerView("b2", BETA, "b2:7443", Map.of(), Set.of("op.b"));
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<ExecutableObject> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        CustodyTransfer transfer = (peer, object, relay, timeout) -> {
            calls.add(peer.nodeId());
            sent.add(object);
            if (calls.size() <= 2) {
                // first: the call timed out after connecting, b1 may have parked the object already; then b1 is
                // down (nothing reaches it), which says nothing about the first attempt
                throw new MreException(
                        ErrorCode.PEER_UNAVAILABLE,
                        "peer b1@beta.example (b1:7443) did not take " + "custody within " + timeout,
                        Map.of(CustodyTransfer.MAYBE_DELIVERED, Boolean.toString(calls.size() == 1)));
            }
            return DelegateResponse.newBuilder()
                    .setReceiver(NodeRef.newBuilder().setNodeId(peer.nodeId()).setTrustDomain(peer.trustDomain()))
                    .setDuplicate(true)
                    .build();
        };
        RocksDbParkedObjectStore store = mesh.store("a1");
        NodeRuntime a1 = new NodeRuntime(
                engine(A1, "op.a", B1_PEER, b2), store, true, transfer, Duration.ofMillis(200), 8, clock);
        mesh.closeAtEnd(a1::close);
        ExecutableObject object = object(step("s1", "op.a"), step("s2", "op.b"));

        a1.submit(object, Admission.ANYONE);

        await("the hand-off delivered again").atMost(Duration.ofSeconds(30)).until(() -> calls.size() >= 3);
        assertThat(calls).as("never re-decided to another peer").containsOnly("b1");
        assertThat(sent).as("the same head each time, not a new decision").containsOnly(sent.get(0));
        assertThat(actions(sent.get(0))).containsExactly(Action.ACTION_EXECUTE, Action.ACTION_DELEGATE);
        await("the copy dropped once b1 acknowledged")
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                catchThrowableOfType(MreException.class, () -> a1.get(id(object), Admission.ANYONE))
                                        .code())
                        .isEqualTo(ErrorCode.OBJECT_NOT_FOUND));
    }

    // ---- fixtures (CustodyMesh's)

    private Engine engine(SigningKey key, String operation, PeerView... peers) {
        return mesh.engine(key, operation, peers);
    }

    private NodeRuntime runtime(Engine engine, String name, CustodyTransfer transfer) {
        return mesh.runtime(engine, mesh.store(name), transfer);
    }

    private ExecutableObject object(Step... steps) {
        return mesh.object(steps);
    }

    private static void released(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
