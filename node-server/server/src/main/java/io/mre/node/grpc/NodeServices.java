package io.mre.node.grpc;

import io.grpc.BindableService;
import io.mre.node.callers.CallerAuthorization;
import io.mre.node.runtime.NodeRuntime;
import io.mre.proto.v1.DescribeResponse;
import java.util.List;
import java.util.function.Supplier;

/** Hands out the node's gRPC services; their implementations stay package-private. */
public final class NodeServices {
    private NodeServices() {}

    /** ExecutionNodeService (its callers authorized by {@code callers}) and FederationService over {@code runtime}. */
    public static List<BindableService> of(
            NodeRuntime runtime,
            CallerIdentity caller,
            CallerAuthorization callers,
            Supplier<DescribeResponse> description) {
        return List.of(
                new ExecutionNodeGrpcService(runtime, caller, callers),
                new FederationGrpcService(runtime, caller, description));
    }
}
