package io.mre.it.mesh;

import static java.util.Objects.requireNonNull;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.mre.proto.v1.ExecutionNodeServiceGrpc;
import io.mre.proto.v1.FederationServiceGrpc;
import io.mre.proto.v1.GetRequest;
import io.mre.proto.v1.GetResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A client's mutual-TLS channel to one node, with the stubs of its services. Every call gets a deadline unless it
 * sets one, so a test never hangs on a node that stopped answering.
 */
public final class MeshClient implements AutoCloseable {
    static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

    private final ManagedChannel channel;
    private final Channel withDeadline;

    MeshClient(ManagedChannel channel) {
        this.channel = requireNonNull(channel, "channel is null");
        this.withDeadline = ClientInterceptors.intercept(channel, new DefaultDeadline());
    }

    public ExecutionNodeServiceGrpc.ExecutionNodeServiceBlockingStub node() {
        return ExecutionNodeServiceGrpc.newBlockingStub(withDeadline);
    }

    public ExecutionNodeServiceGrpc.ExecutionNodeServiceStub nodeAsync() {
        return ExecutionNodeServiceGrpc.newStub(withDeadline);
    }

    public FederationServiceGrpc.FederationServiceBlockingStub federation() {
        return FederationServiceGrpc.newBlockingStub(withDeadline);
    }

    public HealthGrpc.HealthBlockingStub health() {
        return HealthGrpc.newBlockingStub(withDeadline);
    }

    /** The channel (with the default deadline), for generic calls and other services such as reflection. */
    public Channel channel() {
        return withDeadline;
    }

    /** Get by id. */
    public GetResponse get(String objectId) {
        return node().get(GetRequest.newBuilder().setObjectId(objectId).build());
    }

    /** Reconnects now if the channel is waiting out gRPC's reconnect backoff (e.g. polling a node that starts). */
    public void resetConnectBackoff() {
        channel.resetConnectBackoff();
    }

    /** The health status of one service ({@code ""}: the node as a whole). */
    public ServingStatus health(String service) {
        return health().withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService(service).build())
                .getStatus();
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class DefaultDeadline implements ClientInterceptor {
        @Override
        public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
                MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
            CallOptions withDeadline = options.getDeadline() == null
                    ? options.withDeadlineAfter(DEFAULT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    : options;
            return next.newCall(method, withDeadline);
        }
    }
}
