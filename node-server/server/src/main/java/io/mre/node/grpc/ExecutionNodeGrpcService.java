package io.mre.node.grpc;

import static java.util.Objects.requireNonNull;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.mre.engine.Explanation;
import io.mre.engine.MreException;
import io.mre.errors.ErrorCode;
import io.mre.node.callers.CallerAuthorization;
import io.mre.node.runtime.Admission;
import io.mre.node.runtime.NodeRuntime;
import io.mre.node.runtime.ObjectStatuses;
import io.mre.proto.v1.CallerRef;
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
import io.mre.spi.ClientRequest;
import java.util.Optional;

/**
 * The client-facing gRPC service; every rule lives in {@link NodeRuntime}, errors map in the interceptor. Each
 * request carries the admission of its caller ({@link CallerAuthorization}), which the runtime checks once it has
 * the object and before it returns or appends anything; signals and cancels record the caller as its TLS session
 * proved it.
 */
final class ExecutionNodeGrpcService extends ExecutionNodeServiceGrpc.ExecutionNodeServiceImplBase {
    private final NodeRuntime runtime;
    private final CallerIdentity caller;
    private final CallerAuthorization callers;

    ExecutionNodeGrpcService(NodeRuntime runtime, CallerIdentity caller, CallerAuthorization callers) {
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.caller = requireNonNull(caller, "caller is null");
        this.callers = requireNonNull(callers, "callers is null");
    }

    private Admission admission(ClientRequest request) {
        return callers.admission(caller.current(), request, Optional.empty());
    }

    /** The caller as recorded in a signal or cancel entry: from the TLS session, or "local" without one. */
    private CallerRef recorded() {
        return caller.current()
                .map(c -> CallerRef.newBuilder()
                        .setTrustDomain(c.trustDomain())
                        .setName(c.name())
                        .setSubject(c.subject())
                        .build())
                .orElse(CallerRef.newBuilder().setLocal(true).build());
    }

    @Override
    public void submit(SubmitRequest request, StreamObserver<SubmitResponse> response) {
        if (!request.hasObject()) {
            throw new MreException(ErrorCode.MALFORMED_OBJECT, "SubmitRequest has no object");
        }
        NodeRuntime.Result r = runtime.submit(request.getObject(), admission(ClientRequest.SUBMIT));
        response.onNext(SubmitResponse.newBuilder()
                .setObject(r.object())
                .setStatus(r.status())
                .build());
        response.onCompleted();
    }

    @Override
    public void evaluate(EvaluateRequest request, StreamObserver<EvaluateResponse> response) {
        Explanation e = switch (request.getTargetCase()) {
            case OBJECT_ID -> runtime.evaluate(requireId(request.getObjectId()), admission(ClientRequest.EVALUATE));
            case OBJECT -> runtime.evaluate(request.getObject(), admission(ClientRequest.EVALUATE));
            case TARGET_NOT_SET ->
                throw new MreException(ErrorCode.INVALID_ARGUMENT, "EvaluateRequest needs an object_id or an object");
        };
        String id = request.hasObject() ? objectId(request.getObject()) : request.getObjectId();
        response.onNext(EvaluateResponse.newBuilder()
                .setStatus(ObjectStatuses.of(id, e.state()))
                .setAction(e.action())
                .setStepId(e.stepId())
                .addAllAdvice(e.advice())
                .setDecision(e.decision())
                .setExplanation(e.explanation())
                .build());
        response.onCompleted();
    }

    @Override
    public void get(GetRequest request, StreamObserver<GetResponse> response) {
        NodeRuntime.Result r = runtime.get(requireId(request.getObjectId()), admission(ClientRequest.GET));
        response.onNext(GetResponse.newBuilder()
                .setObject(r.object())
                .setStatus(r.status())
                .build());
        response.onCompleted();
    }

    @Override
    public void signal(SignalRequest request, StreamObserver<SignalResponse> response) {
        CallerRef from = recorded();
        Admission admission = callers.admission(caller.current(), ClientRequest.SIGNAL, Optional.of(request.getName()));
        NodeRuntime.Result r = switch (request.getTargetCase()) {
            case OBJECT_ID ->
                runtime.signal(
                        requireId(request.getObjectId()), request.getName(), request.getPayload(), from, admission);
            case OBJECT ->
                runtime.signal(request.getObject(), request.getName(), request.getPayload(), from, admission);
            case TARGET_NOT_SET ->
                throw new MreException(ErrorCode.INVALID_ARGUMENT, "SignalRequest needs an object_id or an object");
        };
        boolean woke = r.object().getMemory().getEntriesCount() > 0 && lastIsReenter(r);
        response.onNext(SignalResponse.newBuilder()
                .setObject(r.object())
                .setStatus(r.status())
                .setWoke(woke)
                .build());
        response.onCompleted();
    }

    @Override
    public void cancel(CancelRequest request, StreamObserver<CancelResponse> response) {
        NodeRuntime.Result r = switch (request.getTargetCase()) {
            case OBJECT_ID ->
                runtime.cancel(
                        Optional.of(requireId(request.getObjectId())),
                        Optional.empty(),
                        request.getReason(),
                        recorded(),
                        admission(ClientRequest.CANCEL));
            case OBJECT ->
                runtime.cancel(
                        Optional.empty(),
                        Optional.of(request.getObject()),
                        request.getReason(),
                        recorded(),
                        admission(ClientRequest.CANCEL));
            case TARGET_NOT_SET ->
                throw new MreException(ErrorCode.INVALID_ARGUMENT, "CancelRequest needs an object_id or an object");
        };
        response.onNext(CancelResponse.newBuilder()
                .setObject(r.object())
                .setStatus(r.status())
                .build());
        response.onCompleted();
    }

    @Override
    public void watch(WatchRequest request, StreamObserver<WatchResponse> response) {
        ServerCallStreamObserver<WatchResponse> stream = (ServerCallStreamObserver<WatchResponse>) response;
        Admission admission = admission(ClientRequest.WATCH);
        Runnable unsubscribe = runtime.watch(
                requireId(request.getObjectId()),
                request.getFromSeq(),
                new WatchSender(stream, request.getFromSeq()),
                admission);
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
            return io.mre.proto.v1.Header.parseFrom(object.getHeader().getHeader())
                    .getObjectId();
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
