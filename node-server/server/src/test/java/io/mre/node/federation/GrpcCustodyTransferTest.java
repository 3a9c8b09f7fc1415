package io.mre.node.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.mre.engine.MreException;
import io.mre.errors.ErrorCode;
import io.mre.node.grpc.ErrorMappingInterceptor;
import io.mre.proto.v1.DelegateRequest;
import io.mre.proto.v1.DelegateResponse;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.FederationServiceGrpc;
import io.mre.proto.v1.NodeRef;
import io.mre.spi.PeerView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sender's side of a custody transfer against a receiver in this JVM (in-process gRPC): a receiver that never
 * answers makes the hand-off time out as PEER_UNAVAILABLE; OVERLOADED is retried; a refusal is returned at once,
 * with the receiver's reason, and never retried.
 */
class GrpcCustodyTransferTest {
    private static final PeerView PEER = new PeerView("b1", "beta.example", "b1:7443", Map.of(), Set.of("score"));
    private static final ExecutableObject OBJECT = ExecutableObject.getDefaultInstance();

    private final AtomicInteger calls = new AtomicInteger();
    private final List<StreamObserver<DelegateResponse>> held = new ArrayList<>();
    private volatile BiConsumer<DelegateRequest, StreamObserver<DelegateResponse>> receiver;
    private Server server;
    private ManagedChannel channel;
    private PeerChannels channels;

    @BeforeEach
    void start() throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name)
                .directExecutor()
                .addService(io.grpc.ServerInterceptors.intercept(
                        new FederationServiceGrpc.FederationServiceImplBase() {
                            @Override
                            public void delegate(DelegateRequest request, StreamObserver<DelegateResponse> response) {
                                calls.incrementAndGet();
                                receiver.accept(request, response);
                            }
                        },
                        new ErrorMappingInterceptor()))
                .build()
                .start();
        channel = InProcessChannelBuilder.forName(name).build();
        channels = new PeerChannels(address -> channel);
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void transfer_receiverThatNeverAnswers_timesOutAsPeerUnavailable() {
        receiver = (request, response) -> {
            synchronized (held) {
                held.add(response); // never answered
            }
        };

        MreException e = catchThrowableOfType(
                MreException.class,
                () -> new GrpcCustodyTransfer(channels).transfer(PEER, OBJECT, false, Duration.ofMillis(300)));

        assertThat(e.code()).isEqualTo(ErrorCode.PEER_UNAVAILABLE);
        assertThat(e.getMessage())
                .startsWith("peer b1@beta.example (b1:7443) did not take custody within PT0.3S: ")
                .contains("deadline");
        assertThat(calls).as("the call was made, then waited out").hasPositiveValue();
    }

    @Test
    void transfer_receiverOverloadedThenFree_isRetriedAndAcknowledged() {
        receiver = (request, response) -> {
            if (calls.get() < 3) {
                response.onError(ErrorMappingInterceptor.toStatus(
                        new MreException(ErrorCode.OVERLOADED, "node b1 is at its limit")));
                return;
            }
            response.onNext(DelegateResponse.newBuilder()
                    .setReceiver(NodeRef.newBuilder().setNodeId("b1"))
                    .build());
            response.onCompleted();
        };

        DelegateResponse ack = new GrpcCustodyTransfer(channels).transfer(PEER, OBJECT, false, Duration.ofSeconds(30));

        assertThat(ack.getReceiver().getNodeId()).isEqualTo("b1");
        assertThat(calls).hasValue(3);
    }

    @Test
    void transfer_refusedByTheReceiver_isTheReceiversErrorAndNotRetried() {
        receiver = (request, response) -> response.onError(ErrorMappingInterceptor.toStatus(new MreException(
                ErrorCode.FORK_DETECTED, "object 01J has a history that diverges", Map.of("object_id", "01J"))));

        MreException e = catchThrowableOfType(
                MreException.class,
                () -> new GrpcCustodyTransfer(channels).transfer(PEER, OBJECT, false, Duration.ofSeconds(30)));

        assertThat(e.code()).isEqualTo(ErrorCode.FORK_DETECTED);
        assertThat(e.getMessage()).contains("object 01J has a history that diverges");
        assertThat(calls).hasValue(1);
    }

    @Test
    void transfer_receiverThatNeverAnswers_mayHaveTakenCustody() {
        receiver = (request, response) -> {
            synchronized (held) {
                held.add(response); // never answered: it may have parked the object
            }
        };

        MreException e = catchThrowableOfType(
                MreException.class,
                () -> new GrpcCustodyTransfer(channels).transfer(PEER, OBJECT, false, Duration.ofMillis(300)));

        assertThat(e.code()).isEqualTo(ErrorCode.PEER_UNAVAILABLE);
        assertThat(e.metadata()).containsEntry(io.mre.node.runtime.CustodyTransfer.MAYBE_DELIVERED, "true");
    }

    @Test
    void transfer_nobodyListening_cannotHaveDelivered() throws InterruptedException {
        // port 1 on loopback: nothing listens there, the connection is refused
        ManagedChannel refused = io.grpc.netty.NettyChannelBuilder.forAddress("127.0.0.1", 1)
                .usePlaintext()
                .build();
        try {
            MreException e = catchThrowableOfType(
                    MreException.class,
                    () -> new GrpcCustodyTransfer(new PeerChannels(address -> refused))
                            .transfer(PEER, OBJECT, false, Duration.ofMillis(500)));

            assertThat(e.code()).isEqualTo(ErrorCode.PEER_UNAVAILABLE);
            assertThat(e.metadata()).containsEntry(io.mre.node.runtime.CustodyTransfer.MAYBE_DELIVERED, "false");
        } finally {
            refused.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void transfer_callCancelledOnTheWay_isRetriedNotTakenForARefusal() {
        receiver = (request, response) -> {
            if (calls.get() == 1) {
                response.onError(io.grpc.Status.CANCELLED
                        .withDescription("RPC cancelled")
                        .asRuntimeException());
                return;
            }
            response.onNext(DelegateResponse.newBuilder()
                    .setReceiver(NodeRef.newBuilder().setNodeId("b1"))
                    .build());
            response.onCompleted();
        };

        DelegateResponse ack = new GrpcCustodyTransfer(channels).transfer(PEER, OBJECT, false, Duration.ofSeconds(30));

        assertThat(ack.getReceiver().getNodeId()).isEqualTo("b1");
        assertThat(calls).hasValue(2);
    }

    @Test
    void transfer_toAStatelessPeer_waitsForItsJourneyBeyondTheHandOffTimeout() {
        Duration timeout = Duration.ofMillis(200);
        receiver = (request, response) -> java.util.concurrent.CompletableFuture.delayedExecutor(
                        timeout.toMillis() * 4, TimeUnit.MILLISECONDS)
                .execute(() -> {
                    response.onNext(DelegateResponse.newBuilder()
                            .setReceiver(NodeRef.newBuilder().setNodeId("b1"))
                            .build());
                    response.onCompleted();
                });

        DelegateResponse ack =
                new GrpcCustodyTransfer(channels, PEER.address()::equals).transfer(PEER, OBJECT, false, timeout);

        assertThat(ack.getReceiver().getNodeId()).isEqualTo("b1");
        assertThat(calls).as("one call, waited out to the end of the journey").hasValue(1);
    }

    @Test
    void transfer_fromACallerWhoseOwnCallEnded_isNotCancelledWithIt() throws Exception {
        receiver = (request, response) -> {
            response.onNext(DelegateResponse.newBuilder()
                    .setReceiver(NodeRef.newBuilder().setNodeId("b1"))
                    .build());
            response.onCompleted();
        };
        // a visit run on a server thread after its own call answered: that call's context is cancelled by then
        io.grpc.Context.CancellableContext ended = io.grpc.Context.current().withCancellation();
        ended.cancel(null);

        DelegateResponse ack = ended.call(
                () -> new GrpcCustodyTransfer(channels).transfer(PEER, OBJECT, false, Duration.ofMillis(500)));

        assertThat(ack.getReceiver().getNodeId()).isEqualTo("b1");
        assertThat(calls).hasValue(1);
    }

    @Test
    void transfer_refusedWithAReasonThisNodeDoesNotKnow_isInternalWithoutItsMetadata() {
        receiver = (request, response) -> response.onError(
                io.grpc.protobuf.StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                        .setCode(io.grpc.Status.Code.FAILED_PRECONDITION.value())
                        .setMessage("a newer refusal")
                        .addDetails(com.google.protobuf.Any.pack(com.google.rpc.ErrorInfo.newBuilder()
                                .setDomain("mre.io")
                                .setReason("SOMETHING_NEWER")
                                .putMetadata("object_id", "01J")
                                .build()))
                        .build()));

        MreException e = catchThrowableOfType(
                MreException.class,
                () -> new GrpcCustodyTransfer(channels).transfer(PEER, OBJECT, false, Duration.ofSeconds(30)));

        assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(e.metadata()).isEmpty();
        assertThat(e.getMessage()).isEqualTo("peer b1@beta.example refused custody: a newer refusal");
        assertThat(calls).hasValue(1);
    }

    @Test
    void transfer_refusedAsUnauthenticated_isAnUntrustedPeer() {
        receiver = (request, response) -> response.onError(io.grpc.Status.UNAUTHENTICATED
                .withDescription("no client certificate")
                .asRuntimeException());

        MreException e = catchThrowableOfType(
                MreException.class,
                () -> new GrpcCustodyTransfer(channels).transfer(PEER, OBJECT, false, Duration.ofSeconds(30)));

        assertThat(e.code()).isEqualTo(ErrorCode.UNTRUSTED_PEER);
        assertThat(e.getMessage()).isEqualTo("peer b1@beta.example refused custody: no client certificate");
        assertThat(calls).hasValue(1);
    }
}
