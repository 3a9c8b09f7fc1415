package io.mre.node.grpc;

import static java.util.Objects.requireNonNull;

import io.grpc.stub.StreamObserver;
import io.mre.engine.MreException;
import io.mre.errors.ErrorCode;
import io.mre.node.runtime.NodeRuntime;
import io.mre.proto.v1.DelegateRequest;
import io.mre.proto.v1.DelegateResponse;
import io.mre.proto.v1.DescribeRequest;
import io.mre.proto.v1.DescribeResponse;
import io.mre.proto.v1.FederationServiceGrpc;
import java.util.function.Supplier;

/** The node-to-node gRPC service: custody transfer and self-description. */
final class FederationGrpcService extends FederationServiceGrpc.FederationServiceImplBase {
    private final NodeRuntime runtime;
    private final CallerIdentity caller;
    private final Supplier<DescribeResponse> description;

    FederationGrpcService(NodeRuntime runtime, CallerIdentity caller, Supplier<DescribeResponse> description) {
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.caller = requireNonNull(caller, "caller is null");
        this.description = requireNonNull(description, "description is null");
    }

    @Override
    public void delegate(DelegateRequest request, StreamObserver<DelegateResponse> response) {
        if (!request.hasObject()) {
            throw new MreException(ErrorCode.MALFORMED_OBJECT, "DelegateRequest has no object");
        }
        // The visit of an accepted object runs on this call's thread once the acknowledgement is sent.
        Runnable[] visit = {null};
        response.onNext(runtime.accept(
                request.getObject(),
                request.getRelay(),
                caller.current().map(io.mre.spi.CallerView::trustDomain),
                v -> visit[0] = v));
        response.onCompleted();
        if (visit[0] != null) {
            visit[0].run();
        }
    }

    @Override
    public void describe(DescribeRequest request, StreamObserver<DescribeResponse> response) {
        response.onNext(description.get());
        response.onCompleted();
    }
}
