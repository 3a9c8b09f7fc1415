package io.mre.node.grpc;

import static java.util.Objects.requireNonNull;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.mre.engine.ErrorCode;
import io.mre.engine.Explanation;
import io.mre.engine.MreException;
import io.mre.node.runtime.NodeRuntime;
import io.mre.node.runtime.ObjectStatuses;
import io.mre.proto.v1.CancelRequest;
import io.mre.proto.v1.CancelResponse;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.EvaluateRequest;
import io.mre.proto.v1.EvaluateResponse;
import io.mre.proto.v1.ExecutionNodeServiceGrpc;
import io.mre.proto.v1.GetRequest;
import io.mre.proto.v1.GetResponse;
import io.mre.proto.v1.SignalRequest;
import io.mre.proto.v1.SignalResponse;
import io.mre.proto.v1.SubmitRequest;
import io.mre.proto.v1.SubmitResponse;
import io.mre.proto.v1.WatchRequest;
import io.mre.proto.v1.WatchResponse;
import java.util.Optional;

/** The client-facing gRPC service; every rule lives in {@link NodeRuntime}, errors map in the interceptor. */
final class ExecutionNodeGrpcService extends ExecutionNodeServiceGrpc.ExecutionNodeServiceImplBase {
    private final NodeRuntime runtime;
    private final CallerDomain caller;

    ExecutionNodeGrpcService(NodeRuntime runtime, CallerDomain caller) {
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.caller = requireNonNull(caller, "caller is null");
    }

    @Override
    public void submit(SubmitRequest request, StreamObserver<SubmitResponse> response) {
        if (!request.hasObject()) {
            throw new MreException(ErrorCode.MALFORMED_OBJECT, "SubmitRequest has no object");
        }
        NodeRuntime.Result r = runtime.submit(request.getObject());
        response.onNext(SubmitResponse.newBuilder().setObject(r.object()).setStatus(r.status()).build());
        response.onCompleted();
    }

    @Override
    public void evaluate(EvaluateRequest request, StreamObserver<EvaluateResponse> response) {
        Explanation e = switch (request.getTargetCase()) {
            case OBJECT_ID -> runtime.evaluate(request.getObjectId());
            case OBJECT -> runtime.evaluate(request.getObject());
            case TARGET_NOT_SET -> throw new MreException(ErrorCode.INVALID_ARGUMENT,
                    "EvaluateRequest needs an object_id or an object");
        };
        String id = request.hasObject() ? objectId(request.getObject()) : request.getObjectId();
        response.onNext(EvaluateResponse.newBuilder().setStatus(ObjectStatuses.of(id, e.state()))
                .setAction(e.action()).setStepId(e.stepId()).addAllAdvice(e.advice()).setDecision(e.decision())
                .setExplanation(e.explanation()).build());
        response.onCompleted();
    }

    @Override
    public void get(GetRequest request, StreamObserver<GetResponse> response) {
        NodeRuntime.Result r = runtime.get(requireId(request.getObjectId()));
        response.onNext(GetResponse.newBuilder().setObject(r.object()).setStatus(r.status()).build());
        response.onCompleted();
    }

    @Override
    public void signal(SignalRequest request, StreamObserver<SignalResponse> response) {
        String from = caller.current().orElse("");
        NodeRuntime.Result r = switch (request.getTargetCase()) {
            case OBJECT_ID -> runtime.signal(request.getObjectId(), request.getName(), request.getPayload(), from);
            case OBJECT -> runtime.signal(request.getObject(), request.getName(), request.getPayload(), from);
            case TARGET_NOT_SET -> throw new MreException(ErrorCode.INVALID_ARGUMENT,
                    "SignalRequest needs an object_id or an object");
        };
        boolean woke = r.object().getMemory().getEntriesCount() > 0 && lastIsReenter(r);
        response.onNext(SignalResponse.newBuilder().setObject(r.object()).setStatus(r.status()).setWoke(woke).build());
        response.onCompleted();
    }

    @Override
    public void cancel(CancelRequest request, StreamObserver<CancelResponse> response) {
        NodeRuntime.Result r = switch (request.getTargetCase()) {
            case OBJECT_ID -> runtime.cancel(Optional.of(request.getObjectId()), Optional.empty(), request.getReason());
            case OBJECT -> runtime.cancel(Optional.empty(), Optional.of(request.getObject()), request.getReason());
            case TARGET_NOT_SET -> throw new MreException(ErrorCode.INVALID_ARGUMENT,
                    "CancelRequest needs an object_id or an object");
        };
        response.onNext(CancelResponse.newBuilder().setObject(r.object()).setStatus(r.status()).build());
        response.onCompleted();
    }

    @Override
    public void watch(WatchRequest request, StreamObserver<WatchResponse> response) {
        ServerCallStreamObserver<WatchResponse> stream = (ServerCallStreamObserver<WatchResponse>) response;
        Runnable unsubscribe = runtime.watch(requireId(request.getObjectId()), request.getFromSeq(),
                new WatchSender(stream, request.getFromSeq()));
        stream.setOnCancelHandler(unsubscribe::run);
    }

    private static boolean lastIsReenter(NodeRuntime.Result r) {
        for (EntryEnvelope e : r.object().getMemory().getEntriesList().reversed()) {
            try {
                Entry entry = Entry.parseFrom(e.getEntry());
                if (entry.getAction() == io.mre.proto.v1.Action.ACTION_REENTER) {
                    return true;
                }
                if (entry.getSignalsCount() > 0) {
                    return false;
                }
            } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
                return false;
            }
        }
        return false;
    }

    /** The id in an object's header; the runtime has verified the object, so the header reads. */
    private static String objectId(io.mre.proto.v1.ExecutableObject object) {
        try {
            return io.mre.proto.v1.Header.parseFrom(object.getHeader().getHeader()).getObjectId();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return "";
        }
    }

    private static String requireId(String id) {
        if (id.isBlank()) {
            throw new MreException(ErrorCode.INVALID_ARGUMENT, "object_id is empty");
        }
        return id;
    }
}
