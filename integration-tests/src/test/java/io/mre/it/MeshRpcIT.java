package io.mre.it;

import static io.mre.it.mesh.Plans.awaitingSignal;
import static io.mre.it.mesh.Plans.entries;
import static io.mre.it.mesh.Plans.id;
import static io.mre.it.mesh.Plans.journey;
import static io.mre.it.mesh.Plans.object;
import static io.mre.it.mesh.Plans.step;
import static io.mre.it.mesh.RpcErrors.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.mre.engine.view.Values;
import io.mre.it.mesh.ForgeNode;
import io.mre.it.mesh.MeshClient;
import io.mre.it.mesh.MeshNode;
import io.mre.it.mesh.NodeOptions;
import io.mre.it.mesh.TestMesh;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.CancelRequest;
import io.mre.proto.v1.CancelResponse;
import io.mre.proto.v1.DelegateRequest;
import io.mre.proto.v1.DelegateResponse;
import io.mre.proto.v1.DescribeRequest;
import io.mre.proto.v1.DescribeResponse;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.EvaluateRequest;
import io.mre.proto.v1.EvaluateResponse;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.GetResponse;
import io.mre.proto.v1.Lifecycle;
import io.mre.proto.v1.SignalRequest;
import io.mre.proto.v1.SignalResponse;
import io.mre.proto.v1.SubmitRequest;
import io.mre.proto.v1.SubmitResponse;
import io.mre.proto.v1.TerminalStatus;
import io.mre.proto.v1.WatchRequest;
import io.mre.proto.v1.WatchResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes of two trust domains on loopback, every link mutual TLS: each RPC of ExecutionNodeService and
 * FederationService, and the standard health and reflection services, called as a client of either domain calls
 * them. The nodes are shared by the tests; each test works on its own objects.
 */
class MeshRpcIT {
    private static final String ALPHA = "alpha.example";
    private static final String BETA = "beta.example";
    private static final List<String> MRE_SERVICES = List.of("mre.v1.ExecutionNodeService", "mre.v1.FederationService");

    @TempDir
    static Path dir;

    private static TestMesh mesh;
    /** alpha, memory-aware. */
    private static MeshNode a1;
    /** alpha, stateless. */
    private static MeshNode a2;
    /** beta, memory-aware. */
    private static MeshNode b1;

    @BeforeAll
    static void startMesh() {
        mesh = TestMesh.create(dir, ALPHA, BETA);
        b1 = mesh.start(NodeOptions.of("b1", BETA).withHandlers("score", "work").withLabel("region", "eu-west"));
        a1 = mesh.start(
                NodeOptions.of("a1", ALPHA).withHandlers("prepare", "work").withPeers(b1));
        a2 = mesh.start(
                NodeOptions.of("a2", ALPHA).asStateless().withHandlers("work").withPeers(a1, b1));
    }

    @AfterAll
    static void stopMesh() {
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    void health_servesEveryServiceOnEveryNode() {
        for (MeshNode node : List.of(a1, a2, b1)) {
            MeshClient client = mesh.client(node, BETA);
            assertThat(client.health("")).as("%s", node).isEqualTo(ServingStatus.SERVING);
            for (String service : MRE_SERVICES) {
                assertThat(client.health(service)).as("%s %s", node, service).isEqualTo(ServingStatus.SERVING);
            }
        }
    }

    @Test
    void reflection_listsTheMreServicesAndServesTheirDescriptors() throws Exception {
        MeshClient client = mesh.client(a1, BETA);

        List<ServerReflectionResponse> listed = reflect(
                client,
                ServerReflectionRequest.newBuilder().setListServices("*").build());
        List<ServerReflectionResponse> described = reflect(
                client,
                ServerReflectionRequest.newBuilder()
                        .setFileContainingSymbol("mre.v1.ExecutionNodeService")
                        .build());

        assertThat(listed.get(0).getListServicesResponse().getServiceList())
                .extracting(ServiceResponse::getName)
                .containsAll(MRE_SERVICES)
                .contains("grpc.health.v1.Health");
        assertThat(described.get(0).getFileDescriptorResponse().getFileDescriptorProtoCount())
                .isPositive();
    }

    @Test
    void describe_tellsNodeDomainCapabilitiesModeAndPlugins() {
        DescribeResponse alpha = mesh.client(a1, BETA).federation().describe(DescribeRequest.getDefaultInstance());
        DescribeResponse stateless = mesh.client(a2, BETA).federation().describe(DescribeRequest.getDefaultInstance());
        DescribeResponse beta = mesh.client(b1, ALPHA).federation().describe(DescribeRequest.getDefaultInstance());

        assertThat(alpha.getNode().getNodeId()).isEqualTo("a1");
        assertThat(alpha.getNode().getTrustDomain()).isEqualTo(ALPHA);
        assertThat(alpha.getCapabilitiesList()).containsExactly("prepare", "work");
        assertThat(alpha.getMode()).isEqualTo("memory-aware");
        assertThat(alpha.getAddress()).as("the bound address, not 'port 0'").isEqualTo(a1.address());
        assertThat(alpha.getServing()).isTrue();
        assertThat(alpha.getPluginsList())
                .extracting(p -> p.getKind() + ":" + p.getName())
                .containsExactlyInAnyOrder("handler:prepare", "handler:work");
        assertThat(stateless.getMode()).isEqualTo("stateless");
        assertThat(beta.getNode().getTrustDomain()).isEqualTo(BETA);
        assertThat(beta.getCapabilitiesList()).containsExactly("score", "work");
        assertThat(beta.getLabelsMap()).containsEntry("region", "eu-west");
    }

    @Test
    void submit_runsThePlanAndGetReturnsTheParkedResult() {
        ExecutableObject object = object(ALPHA, step("s1", "work"), step("s2", "prepare"));
        MeshClient client = mesh.client(a1, ALPHA);

        SubmitResponse submitted = client.node()
                .submit(SubmitRequest.newBuilder().setObject(object).build());
        GetResponse got = client.get(id(object));

        assertThat(submitted.getStatus().getTerminalStatus())
                .as("%s", journey(submitted.getObject()))
                .isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
        assertThat(journey(submitted.getObject()))
                .containsExactly("EXECUTE s1 a1@" + ALPHA, "EXECUTE s2 a1@" + ALPHA, "TERMINATE  a1@" + ALPHA);
        assertThat(got.getObject().toByteString())
                .isEqualTo(submitted.getObject().toByteString());
        assertThat(got.getStatus()).isEqualTo(submitted.getStatus());
    }

    @Test
    void evaluate_explainsTheNextActionAndAppendsNothing() {
        ExecutableObject fresh = object(ALPHA, step("s1", "work"));
        ExecutableObject waiting = parkWaiting(a1, "go");
        MeshClient client = mesh.client(a1, ALPHA);

        EvaluateResponse inline = client.node()
                .evaluate(EvaluateRequest.newBuilder().setObject(fresh).build());
        EvaluateResponse parked = client.node()
                .evaluate(EvaluateRequest.newBuilder().setObjectId(id(waiting)).build());

        assertThat(inline.getAction()).isEqualTo(Action.ACTION_EXECUTE);
        assertThat(inline.getStepId()).isEqualTo("s1");
        assertThat(inline.getExplanation()).contains("s1");
        assertThat(parked.getStatus().getLifecycle()).isEqualTo(Lifecycle.LIFECYCLE_DORMANT);
        assertThat(parked.getExplanation()).contains("signal 'go'");
        assertRefused(() -> client.get(id(fresh)), Status.Code.NOT_FOUND, "OBJECT_NOT_FOUND");
        assertThat(client.get(id(waiting)).getObject()).isEqualTo(waiting);
    }

    @Test
    void signal_recordsAnInputThatDoesNotWakeAndWakesOnTheAwaitedName() {
        // b1's object awaits 'approved' from alpha: the owner (beta) may signal it, alpha only the awaited name.
        SubmitResponse parked = mesh.client(b1)
                .node()
                .submit(SubmitRequest.newBuilder()
                        .setObject(object(
                                BETA,
                                step("s1", "work").toBuilder()
                                        .setAwaitCondition(io.mre.proto.v1.ReentryCondition.newBuilder()
                                                .setSignal("approved")
                                                .addSignalFromDomains(ALPHA))
                                        .build()))
                        .build());
        ExecutableObject waiting = parked.getObject();
        MeshClient alphaClient = mesh.client(b1, ALPHA);

        assertRefused(
                () -> alphaClient.node().signal(signal(id(waiting), "noise")),
                Status.Code.PERMISSION_DENIED,
                "CALLER_NOT_AUTHORIZED");
        SignalResponse other = mesh.client(b1).node().signal(signal(id(waiting), "noise"));
        SignalResponse awaited = alphaClient.node().signal(signal(id(waiting), "approved"));

        assertThat(other.getWoke()).isFalse();
        assertThat(other.getStatus().getLifecycle()).isEqualTo(Lifecycle.LIFECYCLE_DORMANT);
        assertThat(entries(other.getObject()).getLast().getSignalsList())
                .singleElement()
                .satisfies(s -> assertThat(s.getName()).isEqualTo("noise"));
        assertThat(awaited.getWoke()).isTrue();
        assertThat(awaited.getStatus().getTerminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
        Entry reenter = entries(awaited.getObject()).stream()
                .filter(e -> e.getAction() == Action.ACTION_REENTER)
                .findFirst()
                .orElseThrow();
        assertThat(reenter.getReenter().getSignal().getName()).isEqualTo("approved");
        assertThat(reenter.getReenter().getSignal().getFromDomain())
                .as("the caller's certificate domain")
                .isEqualTo(ALPHA);
    }

    @Test
    void watch_streamsTheHistoryThenNewEntriesUntilTermination() throws Exception {
        ExecutableObject waiting = parkWaiting(a1, "go");
        MeshClient client = mesh.client(a1, ALPHA);
        List<WatchResponse> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        client.nodeAsync()
                .watch(WatchRequest.newBuilder().setObjectId(id(waiting)).build(), collect(seen, done));
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);

        client.node().signal(signal(id(waiting), "go"));
        done.get(10, TimeUnit.SECONDS);

        assertThat(seen)
                .extracting(w -> w.getDecoded().getAction())
                .containsExactly(
                        Action.ACTION_DORMANT, Action.ACTION_REENTER, Action.ACTION_EXECUTE, Action.ACTION_TERMINATE);
        assertThat(seen).extracting(w -> w.getDecoded().getSeq()).containsExactly(0L, 1L, 2L, 3L);
        assertThat(seen.getLast().getStatus().getTerminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
        assertThat(seen.getLast().getEntry())
                .isEqualTo(client.get(id(waiting)).getObject().getMemory().getEntries(3));
    }

    @Test
    void cancel_terminatesAParkedObjectOnce() {
        ExecutableObject waiting = parkWaiting(a1, "never");
        MeshClient client = mesh.client(a1, ALPHA);

        CancelResponse cancelled = client.node()
                .cancel(CancelRequest.newBuilder()
                        .setObjectId(id(waiting))
                        .setReason("customer withdrew")
                        .build());

        assertThat(cancelled.getStatus().getTerminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_CANCELLED);
        assertThat(entries(cancelled.getObject()).getLast().getTerminate().getReason())
                .contains("customer withdrew");
        assertThat(client.get(id(waiting)).getStatus().getTerminalStatus())
                .isEqualTo(TerminalStatus.TERMINAL_STATUS_CANCELLED);
        assertRefused(
                () -> client.node()
                        .cancel(CancelRequest.newBuilder()
                                .setObjectId(id(waiting))
                                .build()),
                Status.Code.FAILED_PRECONDITION,
                "ALREADY_TERMINATED");
    }

    @Test
    void statelessNode_handsTheObjectBackAndTakesItInlineForSignalEvaluateAndCancel() {
        MeshClient client = mesh.client(a2, ALPHA);
        ExecutableObject first = object(ALPHA, awaitingSignal(step("s1", "work"), "go"));
        ExecutableObject second = object(ALPHA, awaitingSignal(step("s1", "work"), "go"));

        SubmitResponse dormant =
                client.node().submit(SubmitRequest.newBuilder().setObject(first).build());
        EvaluateResponse explained = client.node()
                .evaluate(EvaluateRequest.newBuilder()
                        .setObject(dormant.getObject())
                        .build());
        SignalResponse woke = client.node()
                .signal(SignalRequest.newBuilder()
                        .setObject(dormant.getObject())
                        .setName("go")
                        .build());
        SubmitResponse other = client.node()
                .submit(SubmitRequest.newBuilder().setObject(second).build());
        CancelResponse cancelled = client.node()
                .cancel(CancelRequest.newBuilder().setObject(other.getObject()).build());

        assertThat(dormant.getStatus().getLifecycle()).isEqualTo(Lifecycle.LIFECYCLE_DORMANT);
        assertThat(dormant.getStatus().getPendingList())
                .singleElement()
                .satisfies(c -> assertThat(c.getSignal()).isEqualTo("go"));
        assertRefused(() -> client.get(id(first)), Status.Code.NOT_FOUND, "OBJECT_NOT_FOUND");
        assertThat(explained.getStatus().getObjectId()).isEqualTo(id(first));
        assertThat(woke.getWoke()).isTrue();
        assertThat(woke.getStatus().getTerminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
        assertThat(cancelled.getStatus().getTerminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_CANCELLED);
    }

    @Test
    void delegate_takesCustodyDurablyAndAcknowledgesARetriedHeadAsDuplicate() {
        ForgeNode sender = ForgeNode.of(mesh, "a-sender", ALPHA, List.of("prepare"), Map.of(b1, Set.of("score")));
        ExecutableObject delegated = sender.delegate(object(ALPHA, step("s1", "prepare"), step("s2", "score", BETA)));
        MeshClient alphaPeer = mesh.client(b1, ALPHA);

        DelegateResponse ack = alphaPeer
                .federation()
                .delegate(DelegateRequest.newBuilder().setObject(delegated).build());
        DelegateResponse retried = alphaPeer
                .federation()
                .delegate(DelegateRequest.newBuilder().setObject(delegated).build());

        assertThat(ack.getReceiver().getNodeId()).isEqualTo("b1");
        assertThat(ack.getDuplicate()).isFalse();
        assertThat(ack.hasResult()).as("custody only, no relay").isFalse();
        assertThat(retried.getDuplicate()).isTrue();
        assertThat(retried.getAcceptedHead()).isEqualTo(ack.getAcceptedHead());
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(
                                alphaPeer.get(id(delegated)).getStatus().getTerminalStatus())
                        .isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED));
        assertThat(journey(alphaPeer.get(id(delegated)).getObject()))
                .containsExactly(
                        "EXECUTE s1 a-sender@" + ALPHA,
                        "DELEGATE s2 a-sender@" + ALPHA,
                        "EXECUTE s2 b1@" + BETA,
                        "TERMINATE  b1@" + BETA);
    }

    @Test
    void delegate_withRelayReturnsTheFinalObject() {
        ForgeNode sender = ForgeNode.of(mesh, "a-relay", ALPHA, List.of("prepare"), Map.of(b1, Set.of("score")));
        ExecutableObject delegated = sender.delegate(object(ALPHA, step("s1", "prepare"), step("s2", "score", BETA)));

        DelegateResponse ack = mesh.client(b1, ALPHA)
                .federation()
                .delegate(DelegateRequest.newBuilder()
                        .setObject(delegated)
                        .setRelay(true)
                        .build());

        assertThat(ack.getStatus().getTerminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
        assertThat(journey(ack.getResult()).getLast()).isEqualTo("TERMINATE  b1@" + BETA);
    }

    // --- helpers -------------------------------------------------------------------------------------------

    /** Submits an object whose only step awaits {@code signal} and returns it as the node parked it. */
    private static ExecutableObject parkWaiting(MeshNode node, String signal) {
        SubmitResponse r = mesh.client(node)
                .node()
                .submit(SubmitRequest.newBuilder()
                        .setObject(object(node.domain(), awaitingSignal(step("s1", "work"), signal)))
                        .build());
        assertThat(r.getStatus().getLifecycle()).isEqualTo(Lifecycle.LIFECYCLE_DORMANT);
        return r.getObject();
    }

    private static SignalRequest signal(String objectId, String name) {
        return SignalRequest.newBuilder()
                .setObjectId(objectId)
                .setName(name)
                .setPayload(Values.toStruct(Map.of("by", "it")))
                .build();
    }

    private static <T> StreamObserver<T> collect(List<T> into, CompletableFuture<Void> done) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                into.add(value);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(null);
            }
        };
    }

    private static List<ServerReflectionResponse> reflect(MeshClient client, ServerReflectionRequest request)
            throws Exception {
        List<ServerReflectionResponse> responses = new ArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests =
                ServerReflectionGrpc.newStub(client.channel()).serverReflectionInfo(collect(responses, done));
        requests.onNext(request);
        requests.onCompleted();
        done.get(10, TimeUnit.SECONDS);
        return responses;
    }
}
