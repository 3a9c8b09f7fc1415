package io.mre.node.runtime;

import static io.mre.node.runtime.CustodyMesh.A1;
import static io.mre.node.runtime.CustodyMesh.A1_PEER;
import static io.mre.node.runtime.CustodyMesh.B1;
import static io.mre.node.runtime.CustodyMesh.B1_PEER;
import static io.mre.node.runtime.CustodyMesh.actions;
import static io.mre.node.runtime.CustodyMesh.id;
import static io.mre.node.runtime.CustodyMesh.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.mre.engine.Engine;
import io.mre.engine.MreException;
import io.mre.engine.VisitInput;
import io.mre.errors.ErrorCode;
import io.mre.node.callers.CallerAuthorization;
import io.mre.node.federation.GrpcCustodyTransfer;
import io.mre.node.federation.PeerChannels;
import io.mre.node.grpc.CallerIdentity;
import io.mre.node.grpc.ErrorMappingInterceptor;
import io.mre.node.grpc.NodeServices;
import io.mre.node.store.RocksDbParkedObjectStore;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.DelegateResponse;
import io.mre.proto.v1.DescribeResponse;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Lifecycle;
import io.mre.proto.v1.ReentryCondition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The custody protocol over gRPC's in-process transport: b1's Federation service (with the node's error mapping)
 * and a1's {@link GrpcCustodyTransfer} — the acknowledgement, a retried delivery, a fork refused with its code, and
 * a hand-off from a1's runtime to b1's — without sockets or TLS.
 */
class CustodyOverGrpcTest {
    @TempDir
    Path dir;

    private CustodyMesh mesh;
    private Engine alpha;
    private RocksDbParkedObjectStore b1Store;
    private NodeRuntime b1;
    private Server server;
    private PeerChannels channels;
    private GrpcCustodyTransfer transfer;

    @BeforeEach
    void setUp() throws Exception {
        mesh = new CustodyMesh(dir);
        alpha = mesh.engine(A1, "op.a", B1_PEER);
        b1Store = mesh.store("b1");
        b1 = mesh.runtime(mesh.engine(B1, "op.b", A1_PEER), b1Store, (peer, object, relay, timeout) -> {
            throw new AssertionError("b1 hands nothing on here");
        });
        String name = InProcessServerBuilder.generateName();
        InProcessServerBuilder builder = InProcessServerBuilder.forName(name).directExecutor();
        for (BindableService service : NodeServices.of(
                b1,
                CallerIdentity.NONE,
                new CallerAuthorization(java.util.List.of(), true),
                DescribeResponse::getDefaultInstance)) {
            builder.addService(ServerInterceptors.intercept(service, new ErrorMappingInterceptor()));
        }
        server = builder.build().start();
        // every peer address leads to b1's in-process server
        channels = new PeerChannels(address ->
                InProcessChannelBuilder.forName(name).directExecutor().build());
        transfer = new GrpcCustodyTransfer(channels);
    }

    @AfterEach
    void tearDown() throws Exception {
        channels.close();
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        mesh.close();
    }

    @Test
    void delegate_acceptedThenDeliveredAgain_isAcknowledgedThenADuplicate() {
        ExecutableObject first = delegatedByAlpha(awaitingSignal());

        DelegateResponse ack = transfer.transfer(B1_PEER, first, false, Duration.ofSeconds(10));
        DelegateResponse again = transfer.transfer(B1_PEER, first, false, Duration.ofSeconds(10));

        assertThat(ack.getReceiver().getNodeId()).isEqualTo("b1");
        assertThat(ack.getDuplicate()).isFalse();
        assertThat(ack.getAcceptedHead()).isEqualTo(alpha.verify(first).headHash());
        assertThat(again.getDuplicate()).isTrue();
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        b1.get(id(first), Admission.ANYONE).status().getLifecycle() == Lifecycle.LIFECYCLE_DORMANT);
        assertThat(actions(b1.get(id(first), Admission.ANYONE).object()))
                .as("visited once")
                .containsExactly(
                        Action.ACTION_EXECUTE, Action.ACTION_DELEGATE, Action.ACTION_EXECUTE, Action.ACTION_DORMANT);
    }

    @Test
    void delegate_forkedHistory_isRefusedWithForkDetectedAndChangesNothing() {
        ExecutableObject object = awaitingSignal();
        ExecutableObject first = delegatedByAlpha(object);
        transfer.transfer(B1_PEER, first, false, Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        b1.get(id(object), Admission.ANYONE).status().getLifecycle() == Lifecycle.LIFECYCLE_DORMANT);
        byte[] parked = b1Store.get(id(object)).orElseThrow();
        mesh.now.updateAndGet(t -> t.plusSeconds(1));
        ExecutableObject fork = delegatedByAlpha(object);

        MreException refused = catchThrowableOfType(
                MreException.class, () -> transfer.transfer(B1_PEER, fork, false, Duration.ofSeconds(10)));

        assertThat(refused.code()).isEqualTo(ErrorCode.FORK_DETECTED);
        assertThat(refused.getMessage()).contains("has a history that diverges");
        assertThat(refused.metadata())
                .as("the sender reads how much of its history the refusing node holds")
                .containsEntry(CustodyRules.KNOWN_ENTRIES, "0");
        assertThat(b1Store.get(id(object)))
                .hasValueSatisfying(b -> assertThat(b).isEqualTo(parked));
    }

    @Test
    void submit_atA1_handsCustodyToB1OverTheWireAndKeepsNoCopy() {
        RocksDbParkedObjectStore a1Store = mesh.store("a1");
        NodeRuntime a1 = mesh.runtime(alpha, a1Store, transfer);
        ExecutableObject object = awaitingSignal();

        NodeRuntime.Result result = a1.submit(object, Admission.ANYONE);

        assertThat(actions(result.object())).containsExactly(Action.ACTION_EXECUTE, Action.ACTION_DELEGATE);
        assertThat(result.custodyWithCaller()).isFalse();
        assertThat(a1Store.get(id(object))).as("custody left a1").isEmpty();
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        b1.get(id(object), Admission.ANYONE).status().getLifecycle() == Lifecycle.LIFECYCLE_DORMANT);
    }

    private ExecutableObject awaitingSignal() {
        return mesh.object(
                step("s1", "op.a"),
                step("s2", "op.b"),
                step("s3", "op.b").toBuilder()
                        .setAwaitCondition(ReentryCondition.newBuilder().setSignal("go"))
                        .build());
    }

    private ExecutableObject delegatedByAlpha(ExecutableObject object) {
        return alpha.run(alpha.verify(object), VisitInput.NONE).object().object();
    }
}
