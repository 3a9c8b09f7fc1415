package io.mre.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.rpc.ErrorInfo;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.mre.errors.ErrorCode;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.ExecutionNodeServiceGrpc;
import io.mre.proto.v1.GetRequest;
import io.mre.proto.v1.GetResponse;
import io.mre.proto.v1.ObjectStatus;
import io.mre.proto.v1.SubmitRequest;
import io.mre.proto.v1.SubmitResponse;
import io.mre.proto.v1.WatchRequest;
import io.mre.proto.v1.WatchResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against an in-process server that answers like a node, errors included. */
class MreClientTest {
    private Server server;
    private MreClient client;
    private final AtomicReference<com.google.rpc.Status> failure = new AtomicReference<>();
    private final CountDownLatch watchCancelled = new CountDownLatch(1);
    private volatile boolean watchForever;

    @BeforeEach
    void start() throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name)
                .directExecutor()
                .addService(new Node())
                .build()
                .start();
        ManagedChannel channel =
                InProcessChannelBuilder.forName(name).directExecutor().build();
        client = MreClient.builder()
                .channel(channel)
                .deadline(Duration.ofSeconds(5))
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private void failWith(Status.Code code, String reason, String message, Map<String, String> metadata) {
        com.google.rpc.Status.Builder s =
                com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(message);
        if (reason != null) {
            s.addDetails(Any.pack(ErrorInfo.newBuilder()
                    .setDomain("mre.io")
                    .setReason(reason)
                    .putAllMetadata(metadata)
                    .build()));
        }
        failure.set(s.build());
    }

    @Test
    void submit_returnsTheNodesAnswer() {
        SubmitResponse response = client.submit(ExecutableObject.getDefaultInstance());

        assertThat(response.getStatus().getObjectId()).isEqualTo("obj-1");
    }

    @Test
    void errors_areDecodedFromErrorInfo() {
        failWith(
                Status.Code.FAILED_PRECONDITION,
                "INTEGRITY_VIOLATION",
                "integrity violation at entry seq 3: CHAIN_BROKEN: prev_hash ab12 is not the hash of entry seq 2",
                Map.of("object_id", "obj-1", "seq", "3", "rule", "CHAIN_BROKEN"));

        assertThatThrownBy(() -> client.submit(ExecutableObject.getDefaultInstance()))
                .isInstanceOfSatisfying(MreClientException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    assertThat(e.errorCode()).contains(ErrorCode.INTEGRITY_VIOLATION);
                    assertThat(e.reason()).isEqualTo("INTEGRITY_VIOLATION");
                    assertThat(e.description()).startsWith("integrity violation at entry seq 3");
                    assertThat(e.metadata())
                            .containsEntry("seq", "3")
                            .containsEntry("rule", "CHAIN_BROKEN")
                            .containsEntry("object_id", "obj-1");
                    assertThat(e.unreachable()).isFalse();
                    assertThat(e.tlsFailure()).isFalse();
                    assertThat(e.getMessage()).isEqualTo("FAILED_PRECONDITION INTEGRITY_VIOLATION: " + e.description());
                });
    }

    @Test
    void errors_callerNotAuthorized_isDecodedAsAKnownReason() {
        failWith(
                Status.Code.PERMISSION_DENIED,
                "CALLER_NOT_AUTHORIZED",
                "caller ops@bureau.example may not get object obj-1: only callers of 'insurer.example' may",
                Map.of("object_id", "obj-1", "request", "GET", "caller", "ops@bureau.example"));

        assertThatThrownBy(() -> client.get("obj-1")).isInstanceOfSatisfying(MreClientException.class, e -> {
            assertThat(e.errorCode()).contains(ErrorCode.CALLER_NOT_AUTHORIZED);
            assertThat(e.errorCode().orElseThrow().category()).isEqualTo(ErrorCode.Category.POLICY);
            assertThat(e.statusCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(e.metadata())
                    .containsEntry("caller", "ops@bureau.example")
                    .containsEntry("request", "GET");
        });
    }

    @Test
    void errors_withAnUnknownReason_keepTheReasonText() {
        failWith(Status.Code.PERMISSION_DENIED, "SOMETHING_NEWER", "a reason from a newer node", Map.of());

        assertThatThrownBy(() -> client.get("obj-1")).isInstanceOfSatisfying(MreClientException.class, e -> {
            assertThat(e.errorCode()).isEmpty();
            assertThat(e.reason()).isEqualTo("SOMETHING_NEWER");
            assertThat(e.statusCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        });
    }

    @Test
    void errors_withoutErrorInfo_haveNoReason() {
        failWith(Status.Code.INTERNAL, null, "boom", Map.of());

        assertThatThrownBy(() -> client.get("obj-1")).isInstanceOfSatisfying(MreClientException.class, e -> {
            assertThat(e.reason()).isEmpty();
            assertThat(e.errorCode()).isEmpty();
            assertThat(e.metadata()).isEmpty();
            assertThat(e.description()).isEqualTo("boom");
        });
    }

    @Test
    void async_completesWithTheAnswer() throws Exception {
        CompletableFuture<GetResponse> future = client.getAsync("obj-1");

        assertThat(future.get(5, TimeUnit.SECONDS).getStatus().getObjectId()).isEqualTo("obj-1");
    }

    @Test
    void async_failsWithTheDecodedException() {
        failWith(
                Status.Code.NOT_FOUND,
                "OBJECT_NOT_FOUND",
                "object 'x' is not held by this node",
                Map.of("object_id", "x"));

        CompletableFuture<GetResponse> future = client.getAsync("x");

        assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        MreClientException.class, e -> assertThat(e.errorCode()).contains(ErrorCode.OBJECT_NOT_FOUND));
    }

    @Test
    void watch_iteratesTheEntriesUntilTheNodeEndsTheStream() {
        List<Long> seqs = new ArrayList<>();
        try (WatchStream entries = client.watch("obj-1", 1)) {
            entries.forEachRemaining(r -> seqs.add(r.getDecoded().getSeq()));
        }

        assertThat(seqs).containsExactly(1L, 2L);
    }

    @Test
    void watch_asAStream() {
        try (var stream = client.watch("obj-1", 0).stream()) {
            assertThat(stream.map(r -> r.getDecoded().getAction()))
                    .containsExactly(Action.ACTION_EXECUTE, Action.ACTION_EXECUTE, Action.ACTION_TERMINATE);
        }
    }

    @Test
    void watch_failureSurfacesAsMreClientException() {
        failWith(Status.Code.NOT_FOUND, "OBJECT_NOT_FOUND", "no such object", Map.of());

        assertThatThrownBy(() -> {
                    try (WatchStream entries = client.watch("nope", 0)) {
                        entries.hasNext();
                    }
                })
                .isInstanceOfSatisfying(
                        MreClientException.class, e -> assertThat(e.errorCode()).contains(ErrorCode.OBJECT_NOT_FOUND));
    }

    @Test
    void watch_closeCancelsTheCall() throws Exception {
        watchForever = true;
        WatchStream entries = client.watch("obj-1", 0);
        assertThat(entries.hasNext()).isTrue();
        entries.next();

        entries.close();

        assertThat(entries.hasNext()).isFalse();
        assertThat(watchCancelled.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void watchAsync_deliversEntriesThenCompletes() throws Exception {
        List<Long> seqs = new ArrayList<>();

        client.watchAsync("obj-1", 0, r -> seqs.add(r.getDecoded().getSeq())).get(5, TimeUnit.SECONDS);

        assertThat(seqs).containsExactly(0L, 1L, 2L);
    }

    @Test
    void builder_requiresAChoiceOfTransportSecurity() {
        assertThatThrownBy(() -> MreClient.builder().target("127.0.0.1:7001").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tls(...) or plaintext()");
        assertThatThrownBy(() -> MreClient.builder().plaintext().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("target");
    }

    @Test
    void builder_namesAMissingTlsFile() {
        java.nio.file.Path missing = java.nio.file.Path.of("/nonexistent/ca.crt");

        assertThatThrownBy(() -> MreClient.builder()
                        .target("127.0.0.1:7001")
                        .tls(
                                missing,
                                java.nio.file.Path.of("/nonexistent/client.crt"),
                                java.nio.file.Path.of("/nonexistent/client.key"))
                        .build())
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("/nonexistent/client.key");
    }

    @Test
    void unreachableNode_isReportedAsUnreachable() {
        try (MreClient offline = MreClient.builder()
                .target("127.0.0.1:1")
                .plaintext()
                .deadline(Duration.ofSeconds(5))
                .build()) {
            assertThatThrownBy(() -> offline.get("x")).isInstanceOfSatisfying(MreClientException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(Status.Code.UNAVAILABLE);
                assertThat(e.unreachable()).isTrue();
                assertThat(e.description()).isEqualTo("connection refused");
                assertThat(e.target()).isEqualTo("127.0.0.1:1");
            });
        }
    }

    private static EntryEnvelope envelope(long seq, Action action) {
        Entry entry = Entry.newBuilder()
                .setObjectId("obj-1")
                .setSeq(seq)
                .setAction(action)
                .build();
        return EntryEnvelope.newBuilder()
                .setEntry(ByteString.copyFrom(entry.toByteArray()))
                .build();
    }

    /** Answers like a node, or fails every call with the status in {@link #failure}. */
    private final class Node extends ExecutionNodeServiceGrpc.ExecutionNodeServiceImplBase {
        private final List<EntryEnvelope> entries = List.of(
                envelope(0, Action.ACTION_EXECUTE),
                envelope(1, Action.ACTION_EXECUTE),
                envelope(2, Action.ACTION_TERMINATE));

        private boolean failed(StreamObserver<?> observer) {
            com.google.rpc.Status f = failure.get();
            if (f != null) {
                observer.onError(StatusProto.toStatusRuntimeException(f));
                return true;
            }
            return false;
        }

        @Override
        public void submit(SubmitRequest request, StreamObserver<SubmitResponse> observer) {
            if (!failed(observer)) {
                observer.onNext(SubmitResponse.newBuilder()
                        .setStatus(ObjectStatus.newBuilder().setObjectId("obj-1"))
                        .build());
                observer.onCompleted();
            }
        }

        @Override
        public void get(GetRequest request, StreamObserver<GetResponse> observer) {
            if (!failed(observer)) {
                observer.onNext(GetResponse.newBuilder()
                        .setStatus(ObjectStatus.newBuilder().setObjectId(request.getObjectId()))
                        .build());
                observer.onCompleted();
            }
        }

        @Override
        public void watch(WatchRequest request, StreamObserver<WatchResponse> observer) {
            if (failed(observer)) {
                return;
            }
            for (EntryEnvelope e : entries.subList((int) request.getFromSeq(), entries.size())) {
                try {
                    observer.onNext(WatchResponse.newBuilder()
                            .setEntry(e)
                            .setDecoded(Entry.parseFrom(e.getEntry()))
                            .build());
                } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
                    throw new IllegalStateException(ex);
                }
                if (watchForever) {
                    io.grpc.Context.current().addListener(c -> watchCancelled.countDown(), Runnable::run);
                    return; // keep the stream open until the client cancels it
                }
            }
            observer.onCompleted();
        }
    }
}
