package io.mre.node.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.mre.engine.MreException;
import io.mre.errors.ErrorCode;
import io.mre.node.config.HostPort;
import io.mre.node.metrics.NodeHealth;
import io.mre.proto.v1.DescribeRequest;
import io.mre.proto.v1.DescribeResponse;
import io.mre.proto.v1.FederationServiceGrpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NodeServerTest {
    private final NodeHealth health = new NodeHealth();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);
    private final List<ManagedChannel> channels = new ArrayList<>();
    // Not the common pool: on two cores it has one thread, which a blocked call would hold.
    private final ExecutorService background = Executors.newCachedThreadPool();
    private NodeServer server;

    /** Describe blocks until released when the request asks for it, and fails with an MRE error after release. */
    private final class Federation extends FederationServiceGrpc.FederationServiceImplBase {
        private final AtomicBoolean block = new AtomicBoolean();

        @Override
        public void describe(DescribeRequest request, StreamObserver<DescribeResponse> response) {
            if (block.getAndSet(false)) {
                entered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            response.onNext(
                    DescribeResponse.newBuilder().setMode("memory-aware").build());
            response.onCompleted();
        }

        @Override
        public void delegate(
                io.mre.proto.v1.DelegateRequest request, StreamObserver<io.mre.proto.v1.DelegateResponse> response) {
            throw new MreException(ErrorCode.FORK_DETECTED, "two histories for 01J");
        }
    }

    private final Federation federation = new Federation();

    @AfterEach
    void stop() {
        release.countDown();
        background.shutdownNow();
        channels.forEach(ManagedChannel::shutdownNow);
        if (server != null) {
            server.shutdown();
        }
    }

    @Test
    void start_servesHealthReflectionAndTheGivenServices() {
        server = newServer(Duration.ofSeconds(5));
        server.start();
        ManagedChannel channel = channel();

        assertThat(health.isServing()).isTrue();
        assertThat(check(channel, "")).isEqualTo(ServingStatus.SERVING);
        assertThat(check(channel, "mre.v1.FederationService")).isEqualTo(ServingStatus.SERVING);
        assertThat(listServices(channel))
                .contains("grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "mre.v1.FederationService");
        assertThat(FederationServiceGrpc.newBlockingStub(channel)
                        .describe(DescribeRequest.getDefaultInstance())
                        .getMode())
                .isEqualTo("memory-aware");
    }

    @Test
    void globalInterceptors_mapServiceErrors() {
        server = newServer(Duration.ofSeconds(5));
        server.start();

        assertThatThrownBy(() -> FederationServiceGrpc.newBlockingStub(channel())
                        .delegate(io.mre.proto.v1.DelegateRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    assertThat(e.getStatus().getDescription()).isEqualTo("two histories for 01J");
                });
    }

    @Test
    void shutdown_refusesNewCallsAndWaitsForCallsInFlight() throws Exception {
        server = newServer(Duration.ofSeconds(20));
        server.start();
        ManagedChannel channel = channel();
        federation.block.set(true);
        CompletableFuture<DescribeResponse> inFlight = CompletableFuture.supplyAsync(
                () -> FederationServiceGrpc.newBlockingStub(channel).describe(DescribeRequest.getDefaultInstance()),
                background);
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(server::shutdown, background);
        awaitNotServing();

        assertThatThrownBy(() ->
                        FederationServiceGrpc.newBlockingStub(channel()).describe(DescribeRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        assertThat(shutdown).isNotDone();

        release.countDown();

        assertThat(inFlight.get(10, TimeUnit.SECONDS).getMode()).isEqualTo("memory-aware");
        shutdown.get(10, TimeUnit.SECONDS);
    }

    @Test
    void shutdown_cancelsCallsThatOutliveTheGracePeriod() throws Exception {
        server = newServer(Duration.ofMillis(200));
        server.start();
        ManagedChannel channel = channel();
        federation.block.set(true);
        CompletableFuture<DescribeResponse> stuck = CompletableFuture.supplyAsync(
                () -> FederationServiceGrpc.newBlockingStub(channel).describe(DescribeRequest.getDefaultInstance()),
                background);
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        server.shutdown();

        assertThat(stuck).failsWithin(Duration.ofSeconds(10));
        assertThat(health.isServing()).isFalse();
    }

    @Test
    void start_portInUse_failsWithTheAddress() {
        server = newServer(Duration.ofSeconds(1));
        server.start();
        int port = server.address().getPort();
        NodeServer second = NodeServer.builder()
                .listen(new HostPort("127.0.0.1", port))
                .credentials(InsecureServerCredentials.create())
                .health(new NodeHealth())
                .build();

        assertThatThrownBy(second::start).hasMessageStartingWith("cannot listen on 127.0.0.1:" + port + ": ");
    }

    private NodeServer newServer(Duration grace) {
        return NodeServer.builder()
                .listen(new HostPort("127.0.0.1", 0))
                .credentials(InsecureServerCredentials.create())
                .addService(federation)
                .addInterceptor(new ErrorMappingInterceptor())
                .health(health)
                .shutdownGrace(grace)
                .build();
    }

    private ManagedChannel channel() {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress(
                        "127.0.0.1", server.address().getPort(), InsecureChannelCredentials.create())
                .build();
        channels.add(channel);
        return channel;
    }

    private void awaitNotServing() {
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> !health.isServing());
    }

    private static ServingStatus check(ManagedChannel channel, String service) {
        return HealthGrpc.newBlockingStub(channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService(service).build())
                .getStatus();
    }

    private static List<String> listServices(ManagedChannel channel) {
        LinkedBlockingQueue<ServerReflectionResponse> responses = new LinkedBlockingQueue<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse value) {
                        responses.add(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        done.complete(null);
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        requests.onCompleted();
        done.orTimeout(10, TimeUnit.SECONDS).join();
        return responses.stream()
                .flatMap(r -> r.getListServicesResponse().getServiceList().stream())
                .map(ServiceResponse::getName)
                .toList();
    }
}
