package io.mre.it;

import static io.mre.it.mesh.Plans.awaitingSignal;
import static io.mre.it.mesh.Plans.id;
import static io.mre.it.mesh.Plans.object;
import static io.mre.it.mesh.Plans.step;
import static io.mre.it.mesh.RawCalls.raw;
import static io.mre.it.mesh.RpcErrors.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.mre.engine.view.Values;
import io.mre.it.mesh.ForgeNode;
import io.mre.it.mesh.MeshClient;
import io.mre.it.mesh.MeshNode;
import io.mre.it.mesh.NodeOptions;
import io.mre.it.mesh.RpcErrors.Refusal;
import io.mre.it.mesh.TestMesh;
import io.mre.it.plugin.Gate;
import io.mre.proto.v1.CancelRequest;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.EvaluateRequest;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.ExecutionNodeServiceGrpc;
import io.mre.proto.v1.GetResponse;
import io.mre.proto.v1.HeaderEnvelope;
import io.mre.proto.v1.SignalRequest;
import io.mre.proto.v1.SubmitRequest;
import io.mre.proto.v1.SubmitResponse;
import io.mre.proto.v1.TerminalStatus;
import io.mre.proto.v1.WatchRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of bad input gets its own status and ErrorInfo reason, and nothing else happens: after every test the
 * node still runs a healthy object, and the object parked before the tests reads back byte for byte.
 */
class BadInputIT {
    private static final String ALPHA = "alpha.example";
    private static final int MAX_CONCURRENT = 2;

    @TempDir
    static Path dir;

    private static TestMesh mesh;
    private static MeshNode node;
    private static MeshClient client;
    /** Parked before any bad input, waiting for the signal "go" that never comes. */
    private static ExecutableObject parked;

    private static ByteString parkedBytes;

    @BeforeAll
    static void startNode() {
        mesh = TestMesh.create(dir, ALPHA);
        node = mesh.start(NodeOptions.of("m1", ALPHA)
                .withHandlers("work", "slow")
                .withLimit("maxObjectBytes", "16KiB")
                .withLimit("maxConcurrentEvaluations", String.valueOf(MAX_CONCURRENT)));
        client = mesh.client(node);
        parked = object(ALPHA, awaitingSignal(step("s1", "work"), "go"));
        parkedBytes = client.node()
                .submit(SubmitRequest.newBuilder().setObject(parked).build())
                .getObject()
                .toByteString();
    }

    @AfterAll
    static void stopNode() {
        if (mesh != null) {
            mesh.close();
        }
    }

    @AfterEach
    void nodeKeepsServingAndTheParkedObjectIsUntouched() {
        SubmitResponse healthy = client.node()
                .submit(SubmitRequest.newBuilder()
                        .setObject(object(ALPHA, step("s1", "work")))
                        .build());
        GetResponse stillParked = client.get(id(parked));

        assertThat(healthy.getStatus().getTerminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
        assertThat(stillParked.getObject().toByteString()).isEqualTo(parkedBytes);
    }

    @Test
    void bytesThatAreNoProtobufMessage_areInvalidArgument() {
        byte[] garbage = {0x0A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x0F, 0x01, 0x02};

        assertRefused(
                () -> ClientCalls.blockingUnaryCall(
                        client.channel(),
                        raw(ExecutionNodeServiceGrpc.getSubmitMethod()),
                        CallOptions.DEFAULT,
                        garbage),
                Status.Code.INVALID_ARGUMENT,
                "MALFORMED_OBJECT");
    }

    @Test
    void objectWithAnUnreadableHeader_isMalformed() {
        ExecutableObject broken = parked.toBuilder()
                .setHeader(HeaderEnvelope.newBuilder()
                        .setHeader(ByteString.copyFrom(new byte[] {0x0A, (byte) 0xFF, 0x01})))
                .build();

        assertRefused(
                () -> client.node()
                        .submit(SubmitRequest.newBuilder().setObject(broken).build()),
                Status.Code.INVALID_ARGUMENT,
                "MALFORMED_OBJECT");
        assertRefused(
                () -> client.node().submit(SubmitRequest.getDefaultInstance()),
                Status.Code.INVALID_ARGUMENT,
                "MALFORMED_OBJECT");
    }

    @Test
    void objectAboveTheSizeLimit_isResourceExhausted() {
        ExecutableObject big = object(ALPHA, Map.of("blob", "x".repeat(20 * 1024)), step("s1", "work"));
        ExecutableObject huge = object(ALPHA, Map.of("blob", "x".repeat(2 << 20)), step("s1", "work"));

        Refusal refused = assertRefused(
                () -> client.node()
                        .submit(SubmitRequest.newBuilder().setObject(big).build()),
                Status.Code.RESOURCE_EXHAUSTED,
                "OBJECT_TOO_LARGE");
        // Far beyond the limit, gRPC's own message size limit answers first (headroom: 1 MiB over the object limit).
        StatusRuntimeException beyondTransport = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> client.node()
                        .submit(SubmitRequest.newBuilder().setObject(huge).build()));

        assertThat(refused.message()).contains("at most 16384");
        assertThat(beyondTransport.getStatus().getCode())
                .as("%s", beyondTransport.getStatus())
                .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    }

    @Test
    void brokenIntegrity_isAnIntegrityViolationNamingRuleAndSeq() throws Exception {
        ExecutableObject stored = ExecutableObject.parseFrom(parkedBytes);
        EntryEnvelope entry = stored.getMemory().getEntries(0);
        byte[] signature = entry.getSignatures(0).getSignature().toByteArray();
        signature[0] ^= 0x01;
        ExecutableObject badSignature = stored.toBuilder()
                .setMemory(stored.getMemory().toBuilder()
                        .setEntries(
                                0,
                                entry.toBuilder()
                                        .setSignatures(
                                                0,
                                                entry.getSignatures(0).toBuilder()
                                                        .setSignature(ByteString.copyFrom(signature)))))
                .build();
        ExecutableObject rewritten = stored.toBuilder()
                .setIntent(stored.getIntent().toBuilder().setInput(Values.toStruct(Map.of("amount", 1_000_000))))
                .build();

        Refusal signatureRefused = assertRefused(
                () -> client.node()
                        .submit(SubmitRequest.newBuilder()
                                .setObject(badSignature)
                                .build()),
                Status.Code.FAILED_PRECONDITION,
                "INTEGRITY_VIOLATION");
        Refusal intentRefused = assertRefused(
                () -> client.node()
                        .submit(SubmitRequest.newBuilder().setObject(rewritten).build()),
                Status.Code.FAILED_PRECONDITION,
                "INTEGRITY_VIOLATION");

        assertThat(signatureRefused.metadata())
                .containsEntry("rule", "SIGNATURE_INVALID")
                .containsEntry("seq", "0")
                .containsEntry("object_id", id(parked));
        assertThat(intentRefused.metadata())
                .containsEntry("rule", "INTENT_CHANGED_WITHOUT_MUTATE")
                .containsEntry("seq", "0");
    }

    @Test
    void unknownObjectId_isNotFoundOnEveryRpc() throws Exception {
        String unknown = "01890000-0000-7000-8000-000000000000";

        assertRefused(() -> client.get(unknown), Status.Code.NOT_FOUND, "OBJECT_NOT_FOUND");
        assertRefused(
                () -> client.node()
                        .signal(SignalRequest.newBuilder()
                                .setObjectId(unknown)
                                .setName("go")
                                .build()),
                Status.Code.NOT_FOUND,
                "OBJECT_NOT_FOUND");
        assertRefused(
                () -> client.node()
                        .cancel(CancelRequest.newBuilder().setObjectId(unknown).build()),
                Status.Code.NOT_FOUND,
                "OBJECT_NOT_FOUND");
        assertRefused(
                () -> client.node()
                        .evaluate(EvaluateRequest.newBuilder()
                                .setObjectId(unknown)
                                .build()),
                Status.Code.NOT_FOUND,
                "OBJECT_NOT_FOUND");
        assertRefused(
                () -> client.node()
                        .watch(WatchRequest.newBuilder().setObjectId(unknown).build())
                        .hasNext(),
                Status.Code.NOT_FOUND,
                "OBJECT_NOT_FOUND");
    }

    @Test
    void emptyObjectId_isInvalidArgumentOnEveryRpc_notAnInternalError() {
        // Found by BadInputFuzzIT: an object_id set to "" reached the store and came back INTERNAL.
        assertRefused(() -> client.get(""), Status.Code.INVALID_ARGUMENT, "INVALID_ARGUMENT");
        assertRefused(
                () -> client.node()
                        .signal(SignalRequest.newBuilder()
                                .setObjectId("")
                                .setName("go")
                                .build()),
                Status.Code.INVALID_ARGUMENT,
                "INVALID_ARGUMENT");
        assertRefused(
                () -> client.node()
                        .cancel(CancelRequest.newBuilder().setObjectId("").build()),
                Status.Code.INVALID_ARGUMENT,
                "INVALID_ARGUMENT");
        assertRefused(
                () -> client.node()
                        .evaluate(EvaluateRequest.newBuilder().setObjectId("").build()),
                Status.Code.INVALID_ARGUMENT,
                "INVALID_ARGUMENT");
        assertRefused(
                () -> client.node()
                        .watch(WatchRequest.newBuilder().setObjectId("").build())
                        .hasNext(),
                Status.Code.INVALID_ARGUMENT,
                "INVALID_ARGUMENT");
    }

    @Test
    void signalWithABadName_isInvalidSignal() {
        for (String bad : List.of("bad name!", "", "x".repeat(65))) {
            assertRefused(
                    () -> client.node()
                            .signal(SignalRequest.newBuilder()
                                    .setObjectId(id(parked))
                                    .setName(bad)
                                    .build()),
                    Status.Code.INVALID_ARGUMENT,
                    "INVALID_SIGNAL");
        }
    }

    @Test
    void evaluationsBeyondTheConcurrencyLimit_areOverloaded() throws Exception {
        String gateName = "flood-" + System.nanoTime();
        Gate gate = Gate.named(gateName);
        List<CompletableFuture<SubmitResponse>> slow = new java.util.ArrayList<>();
        for (int i = 0; i < MAX_CONCURRENT; i++) {
            slow.add(submitAsync(object(ALPHA, Map.of("gate", gateName), step("s1", "slow"))));
        }
        try {
            gate.awaitArrivals(MAX_CONCURRENT, Duration.ofSeconds(10));

            assertRefused(
                    () -> client.node()
                            .submit(SubmitRequest.newBuilder()
                                    .setObject(object(ALPHA, step("s1", "work")))
                                    .build()),
                    Status.Code.RESOURCE_EXHAUSTED,
                    "OVERLOADED");
            assertThat(client.get(id(parked)).getObject().toByteString())
                    .as("reads need no evaluation slot")
                    .isEqualTo(parkedBytes);
        } finally {
            gate.open();
        }
        for (CompletableFuture<SubmitResponse> f : slow) {
            assertThat(f.get(10, TimeUnit.SECONDS).getStatus().getTerminalStatus())
                    .isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
        }
    }

    @Test
    void divergentHistoryUnderAKnownId_isAFork() {
        ForgeNode other = ForgeNode.of(mesh, "a-other", ALPHA, List.of("work"), Map.of());
        ExecutableObject divergent = other.run(parked).object().object();

        assertRefused(
                () -> client.node()
                        .submit(SubmitRequest.newBuilder().setObject(divergent).build()),
                Status.Code.FAILED_PRECONDITION,
                "FORK_DETECTED");
        assertRefused(
                () -> client.node()
                        .submit(SubmitRequest.newBuilder().setObject(parked).build()),
                Status.Code.FAILED_PRECONDITION,
                "FORK_DETECTED");
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private static CompletableFuture<SubmitResponse> submitAsync(ExecutableObject object) {
        CompletableFuture<SubmitResponse> result = new CompletableFuture<>();
        client.nodeAsync().submit(SubmitRequest.newBuilder().setObject(object).build(), new StreamObserver<>() {
            @Override
            public void onNext(SubmitResponse value) {
                result.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {}
        });
        return result;
    }
}
