package io.mre.node.grpc;

import static java.util.Objects.requireNonNull;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.mre.engine.MreException;
import io.mre.errors.ErrorCode;
import io.mre.errors.ErrorInfoCodec;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outermost server interceptor: whatever a service throws, or passes to {@code onError}, leaves the node as a
 * gRPC status a client can act on (the reasons listed in node.proto).
 *
 * <ul>
 *   <li>{@link MreException}: the status code of its category, its message, and a {@code google.rpc.ErrorInfo}
 *       detail (reason = the error code's name, domain {@value ErrorInfoCodec#DOMAIN}, its metadata), encoded by
 *       {@link ErrorInfoCodec}.
 *   <li>{@link StatusRuntimeException} / {@link StatusException}: passed through (the service chose the status).
 *   <li>Anything else: INTERNAL "internal error". The exception is logged here at WARN with its stack trace;
 *       nothing of it is sent, so no stack trace or internal detail ever reaches a peer.
 * </ul>
 */
public final class ErrorMappingInterceptor implements ServerInterceptor {
    private static final Logger log = LoggerFactory.getLogger(ErrorMappingInterceptor.class);

    /**
     * The status a service should answer with for {@code e}: code by category, message, {@code ErrorInfo}
     * details in the trailers ({@link ErrorInfoCodec#encode}). For services that report errors themselves
     * ({@code responseObserver.onError}).
     */
    public static StatusRuntimeException toStatus(MreException e) {
        requireNonNull(e, "e is null");
        return ErrorInfoCodec.encode(e.code(), e.getMessage(), e.metadata());
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
            ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        MappingCall<ReqT, RespT> mapping = new MappingCall<>(call);
        ServerCall.Listener<ReqT> listener;
        try {
            listener = next.startCall(mapping, headers);
        } catch (RuntimeException e) {
            mapping.fail(e);
            return new ServerCall.Listener<>() {};
        }
        return new MappingListener<>(listener, mapping);
    }

    /** Rewrites a close whose cause is an exception that was not turned into a status (onError). */
    private static final class MappingCall<ReqT, RespT> extends SimpleForwardingServerCall<ReqT, RespT> {
        private final AtomicBoolean closed = new AtomicBoolean();

        MappingCall(ServerCall<ReqT, RespT> delegate) {
            super(delegate);
        }

        @Override
        public void close(Status status, Metadata trailers) {
            if (!closed.compareAndSet(false, true)) {
                return; // a second close would throw inside gRPC; the first one stands
            }
            Throwable cause = status.getCause();
            // ServerCalls turns onError(t) of a non-status exception into UNKNOWN with t as the cause.
            if (status.getCode() == Status.Code.UNKNOWN && cause != null && !isStatus(cause)) {
                StatusRuntimeException mapped = map(cause, getMethodDescriptor().getFullMethodName());
                super.close(mapped.getStatus(), merge(trailers, mapped.getTrailers()));
                return;
            }
            super.close(status, trailers);
        }

        void fail(Throwable t) {
            if (closed.get()) {
                log.warn(
                        "{} threw after its call was closed",
                        getMethodDescriptor().getFullMethodName(),
                        t);
                return;
            }
            StatusRuntimeException mapped =
                    isStatus(t) ? asStatus(t) : map(t, getMethodDescriptor().getFullMethodName());
            close(mapped.getStatus(), mapped.getTrailers() == null ? new Metadata() : mapped.getTrailers());
        }
    }

    /** Catches what a service throws from a callback (a unary method runs in onHalfClose). */
    private static final class MappingListener<ReqT> extends SimpleForwardingServerCallListener<ReqT> {
        private final MappingCall<ReqT, ?> call;

        MappingListener(ServerCall.Listener<ReqT> delegate, MappingCall<ReqT, ?> call) {
            super(delegate);
            this.call = call;
        }

        @Override
        public void onMessage(ReqT message) {
            try {
                super.onMessage(message);
            } catch (RuntimeException e) {
                call.fail(e);
            }
        }

        @Override
        public void onHalfClose() {
            try {
                super.onHalfClose();
            } catch (RuntimeException e) {
                call.fail(e);
            }
        }

        @Override
        public void onReady() {
            try {
                super.onReady();
            } catch (RuntimeException e) {
                call.fail(e);
            }
        }

        @Override
        public void onCancel() {
            try {
                super.onCancel();
            } catch (RuntimeException e) {
                log.warn("error in onCancel of a cancelled call", e); // the call is gone: nobody to tell
            }
        }

        @Override
        public void onComplete() {
            try {
                super.onComplete();
            } catch (RuntimeException e) {
                log.warn("error in onComplete of a finished call", e);
            }
        }
    }

    private static StatusRuntimeException map(Throwable t, String method) {
        if (t instanceof MreException e) {
            if (e.category() == ErrorCode.Category.INTERNAL) {
                log.warn("{} failed: {}", method, e.getMessage(), e);
            } else {
                log.debug("{} answered {}: {}", method, e.code(), e.getMessage());
            }
            return toStatus(e);
        }
        log.warn("{} failed with an unexpected error", method, t);
        return Status.INTERNAL.withDescription("internal error").asRuntimeException();
    }

    private static boolean isStatus(Throwable t) {
        return t instanceof StatusRuntimeException || t instanceof StatusException;
    }

    private static StatusRuntimeException asStatus(Throwable t) {
        if (t instanceof StatusException e) {
            return new StatusRuntimeException(e.getStatus(), e.getTrailers());
        }
        return (StatusRuntimeException) t;
    }

    private static Metadata merge(Metadata trailers, Metadata extra) {
        Metadata merged = new Metadata();
        if (trailers != null) {
            merged.merge(trailers);
        }
        if (extra != null) {
            merged.merge(extra);
        }
        return merged;
    }
}
