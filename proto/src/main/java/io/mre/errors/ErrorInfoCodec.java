package io.mre.errors;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.Map;

/**
 * The one codec of MRE errors on the wire, used by the node (its error interceptor), the federation client (a
 * peer's refusal of custody) and the Java client.
 *
 * <p>An error is a gRPC status whose code is the {@link ErrorCode}'s category mapped by {@link #statusCode}, whose
 * message is the error's message, and whose trailers carry {@code grpc-status-details-bin}: a serialized
 * {@code google.rpc.Status} with the same code and message and one detail, an {@code Any} packing a
 * {@code google.rpc.ErrorInfo} (type URL {@code type.googleapis.com/google.rpc.ErrorInfo}) with
 * {@code reason} = the code's name, {@code domain} = {@value #DOMAIN}, and the error's metadata
 * ({@code object_id}, {@code seq}, {@code rule}, ...). {@code mre/v1/node.proto} says the same for other languages.
 */
public final class ErrorInfoCodec {
    /** The {@code ErrorInfo.domain} of every MRE error. */
    public static final String DOMAIN = "mre.io";

    private ErrorInfoCodec() {}

    /** The gRPC status code of a category. */
    public static Status.Code statusCode(ErrorCode.Category category) {
        return switch (requireNonNull(category, "category is null")) {
            case USER -> Status.Code.INVALID_ARGUMENT;
            case LIMIT -> Status.Code.RESOURCE_EXHAUSTED;
            case INTEGRITY, CONFLICT -> Status.Code.FAILED_PRECONDITION;
            case POLICY -> Status.Code.PERMISSION_DENIED;
            case AUTHENTICATION -> Status.Code.UNAUTHENTICATED;
            case NOT_FOUND -> Status.Code.NOT_FOUND;
            case UNAVAILABLE -> Status.Code.UNAVAILABLE;
            case DEADLINE -> Status.Code.DEADLINE_EXCEEDED;
            case INTERNAL -> Status.Code.INTERNAL;
        };
    }

    /** The gRPC status code of an error code (that of its category). */
    public static Status.Code statusCode(ErrorCode code) {
        return statusCode(requireNonNull(code, "code is null").category());
    }

    /**
     * The status to answer with: code by category, {@code message} as the description, and the {@code ErrorInfo}
     * detail in the trailers. A service passes it to {@code onError}, or throws it.
     */
    public static StatusRuntimeException encode(ErrorCode code, String message, Map<String, String> metadata) {
        requireNonNull(code, "code is null");
        requireNonNull(message, "message is null");
        requireNonNull(metadata, "metadata is null");
        ErrorInfo info = ErrorInfo.newBuilder()
                .setReason(code.name())
                .setDomain(DOMAIN)
                .putAllMetadata(metadata)
                .build();
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                .setCode(statusCode(code).value())
                .setMessage(message)
                .addDetails(Any.pack(info))
                .build();
        return StatusProto.toStatusRuntimeException(status);
    }

    /**
     * What a failed call says: its status code and description and, when the peer attached one, the
     * {@code ErrorInfo}'s reason and metadata. Of several {@code ErrorInfo} details the one of domain {@value #DOMAIN}
     * wins (else the last readable one); a garbled detail is skipped, never hides the status. A failure that is not
     * a gRPC status (or carries no details) decodes with an empty reason and no metadata.
     */
    public static DecodedError decode(Throwable failure) {
        requireNonNull(failure, "failure is null");
        Status status = Status.fromThrowable(failure);
        String reason = "";
        Map<String, String> metadata = Map.of();
        com.google.rpc.Status rich = StatusProto.fromThrowable(failure);
        if (rich != null) {
            for (Any detail : rich.getDetailsList()) {
                if (detail.is(ErrorInfo.class)) {
                    try {
                        ErrorInfo info = detail.unpack(ErrorInfo.class);
                        reason = info.getReason();
                        metadata = info.getMetadataMap();
                        if (DOMAIN.equals(info.getDomain())) {
                            break;
                        }
                    } catch (InvalidProtocolBufferException e) {
                        // A garbled detail is no reason to hide the status itself.
                    }
                }
            }
        }
        return new DecodedError(
                status.getCode(), status.getDescription() == null ? "" : status.getDescription(), reason, metadata);
    }
}
