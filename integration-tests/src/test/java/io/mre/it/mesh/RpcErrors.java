package io.mre.it.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Reading MRE errors as a client does: the gRPC status and the {@code google.rpc.ErrorInfo} in its trailers. */
public final class RpcErrors {
    private RpcErrors() {}

    /** A refused call as the client saw it: the status (code and message) and its ErrorInfo. */
    public record Refusal(Status status, ErrorInfo info) {
        public java.util.Map<String, String> metadata() {
            return info.getMetadataMap();
        }

        public String message() {
            return status.getDescription();
        }
    }

    /**
     * Runs {@code call}, asserts it fails with {@code code} and an {@code ErrorInfo} of domain {@code mre.io} whose
     * reason is {@code reason}, with a one-line message and no stack trace, and returns what the client got.
     */
    public static Refusal assertRefused(ThrowingCallable call, Status.Code code, String reason) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call);
        assertThat(e).as("the call should fail with %s %s", code, reason).isNotNull();
        assertThat(e.getStatus().getCode()).as("status of: %s", e.getStatus()).isEqualTo(code);
        ErrorInfo info = errorInfo(e);
        assertThat(info.getDomain()).isEqualTo("mre.io");
        assertThat(info.getReason()).as("reason of: %s", e.getStatus()).isEqualTo(reason);
        assertThat(e.getStatus().getDescription())
                .as("a message naming the problem")
                .isNotBlank()
                .doesNotContain("Exception", "\tat ", "\n");
        return new Refusal(e.getStatus(), info);
    }

    /** The ErrorInfo detail of a status, or the default instance when it has none. */
    public static ErrorInfo errorInfo(StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        if (status == null) {
            return ErrorInfo.getDefaultInstance();
        }
        for (Any any : status.getDetailsList()) {
            if (any.is(ErrorInfo.class)) {
                try {
                    return any.unpack(ErrorInfo.class);
                } catch (InvalidProtocolBufferException ex) {
                    throw new AssertionError("unreadable ErrorInfo", ex);
                }
            }
        }
        return ErrorInfo.getDefaultInstance();
    }
}
