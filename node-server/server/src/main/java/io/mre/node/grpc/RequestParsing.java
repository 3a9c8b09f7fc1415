package io.mre.node.grpc;

import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.mre.engine.MreException;
import io.mre.errors.ErrorCode;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves request parsing into the call, where the error mapping sees it. gRPC parses a request before any
 * interceptor's listener runs, so bytes that are no valid request would leave as UNKNOWN "Application error
 * processing RPC" (and a SEVERE log line); wrapped, they are a {@code MALFORMED_OBJECT} (INVALID_ARGUMENT with
 * ErrorInfo) like every other malformed input. The service keeps its name and schema, so health and reflection
 * see no difference.
 */
final class RequestParsing {
    private static final MethodDescriptor.Marshaller<InputStream> AS_IS = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(InputStream value) {
            return value;
        }

        @Override
        public InputStream parse(InputStream stream) {
            return stream;
        }
    };

    private RequestParsing() {}

    /** The same service, its requests parsed inside the call. */
    static ServerServiceDefinition inCall(ServerServiceDefinition service) {
        ServiceDescriptor original = service.getServiceDescriptor();
        ServiceDescriptor.Builder descriptor =
                ServiceDescriptor.newBuilder(original.getName()).setSchemaDescriptor(original.getSchemaDescriptor());
        List<ServerMethodDefinition<InputStream, ?>> methods = new ArrayList<>();
        for (ServerMethodDefinition<?, ?> m : service.getMethods()) {
            ServerMethodDefinition<InputStream, ?> wrapped = wrap(m);
            descriptor.addMethod(wrapped.getMethodDescriptor());
            methods.add(wrapped);
        }
        ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(builder::addMethod);
        return builder.build();
    }

    private static <ReqT, RespT> ServerMethodDefinition<InputStream, RespT> wrap(
            ServerMethodDefinition<ReqT, RespT> definition) {
        MethodDescriptor<ReqT, RespT> typed = definition.getMethodDescriptor();
        MethodDescriptor<InputStream, RespT> raw =
                typed.toBuilder(AS_IS, typed.getResponseMarshaller()).build();
        ServerCallHandler<ReqT, RespT> handler = definition.getServerCallHandler();
        return ServerMethodDefinition.create(raw, (call, headers) -> {
            ServerCall.Listener<ReqT> listener = handler.startCall(new TypedCall<>(call, typed), headers);
            return new ParsingListener<>(listener, typed);
        });
    }

    /** Parses each request; a failure is thrown from onMessage, inside the interceptors. */
    private static final class ParsingListener<ReqT> extends ServerCall.Listener<InputStream> {
        private final ServerCall.Listener<ReqT> delegate;
        private final MethodDescriptor<ReqT, ?> method;

        ParsingListener(ServerCall.Listener<ReqT> delegate, MethodDescriptor<ReqT, ?> method) {
            this.delegate = delegate;
            this.method = method;
        }

        @Override
        public void onMessage(InputStream message) {
            ReqT request;
            try {
                request = method.parseRequest(message);
            } catch (RuntimeException e) {
                throw new MreException(
                        ErrorCode.MALFORMED_OBJECT,
                        "the request to " + method.getFullMethodName()
                                + " is not a valid "
                                + method.getFullMethodName().replaceAll(".*/", "") + "Request: "
                                + reason(e));
            }
            delegate.onMessage(request);
        }

        @Override
        public void onHalfClose() {
            delegate.onHalfClose();
        }

        @Override
        public void onCancel() {
            delegate.onCancel();
        }

        @Override
        public void onComplete() {
            delegate.onComplete();
        }

        @Override
        public void onReady() {
            delegate.onReady();
        }

        private static String reason(RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            int end = message.indexOf(". ");
            return end > 0 ? message.substring(0, end) : message;
        }
    }

    /** The call as the typed service sees it: same transport, the typed method descriptor. */
    private static final class TypedCall<ReqT, RespT> extends ServerCall<ReqT, RespT> {
        private final ServerCall<InputStream, RespT> delegate;
        private final MethodDescriptor<ReqT, RespT> method;

        TypedCall(ServerCall<InputStream, RespT> delegate, MethodDescriptor<ReqT, RespT> method) {
            this.delegate = delegate;
            this.method = method;
        }

        @Override
        public void request(int numMessages) {
            delegate.request(numMessages);
        }

        @Override
        public void sendHeaders(Metadata headers) {
            delegate.sendHeaders(headers);
        }

        @Override
        public void sendMessage(RespT message) {
            delegate.sendMessage(message);
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void close(Status status, Metadata trailers) {
            delegate.close(status, trailers);
        }

        @Override
        public boolean isCancelled() {
            return delegate.isCancelled();
        }

        @Override
        public void setMessageCompression(boolean enabled) {
            delegate.setMessageCompression(enabled);
        }

        @Override
        public void setCompression(String compressor) {
            delegate.setCompression(compressor);
        }

        @Override
        public void setOnReadyThreshold(int numBytes) {
            delegate.setOnReadyThreshold(numBytes);
        }

        @Override
        public SecurityLevel getSecurityLevel() {
            return delegate.getSecurityLevel();
        }

        @Override
        public Attributes getAttributes() {
            return delegate.getAttributes();
        }

        @Override
        public String getAuthority() {
            return delegate.getAuthority();
        }

        @Override
        public MethodDescriptor<ReqT, RespT> getMethodDescriptor() {
            return method;
        }
    }
}
