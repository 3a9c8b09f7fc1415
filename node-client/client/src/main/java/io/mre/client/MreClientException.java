package io.mre.client;

import static java.util.Objects.requireNonNull;

import io.grpc.Status;
import io.mre.errors.ErrorCode;
import java.util.Map;
import java.util.Optional;

/**
 * A call to a node failed: the gRPC status code, and what the node said about it.
 *
 * <p>A node attaches a {@code google.rpc.ErrorInfo} (domain {@code "mre.io"}) to every error it raises; its
 * {@code reason} names an {@link ErrorCode} and its metadata carries details such as {@code object_id},
 * {@code seq} and {@code rule}. Errors raised below MRE (an unreachable node, a refused TLS handshake, a deadline
 * that passed on the client) carry no reason; {@link #unreachable()} and {@link #tlsFailure()} tell them apart.
 *
 * <pre>{@code
 * try {
 *     client.submit(object);
 * } catch (MreClientException e) {
 *     if (e.errorCode().orElse(null) == ErrorCode.INTEGRITY_VIOLATION) {
 *         System.err.println("broken at seq " + e.metadata().get("seq") + ": " + e.metadata().get("rule"));
 *     }
 * }
 * }</pre>
 */
public final class MreClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String target;
    private final Status.Code statusCode;
    private final String reason;
    private final String description;
    private final Map<String, String> metadata;
    private final boolean tlsFailure;

    MreClientException(
            String target,
            Status.Code statusCode,
            String reason,
            String description,
            Map<String, String> metadata,
            boolean tlsFailure,
            Throwable cause) {
        super(message(statusCode, reason, description), cause);
        this.target = requireNonNull(target, "target is null");
        this.statusCode = requireNonNull(statusCode, "statusCode is null");
        this.reason = requireNonNull(reason, "reason is null");
        this.description = requireNonNull(description, "description is null");
        this.metadata = Map.copyOf(metadata);
        this.tlsFailure = tlsFailure;
    }

    private static String message(Status.Code code, String reason, String description) {
        return code + (reason.isEmpty() ? "" : " " + reason) + (description.isEmpty() ? "" : ": " + description);
    }

    /** The node the call went to ({@code host:port} or the channel's authority). */
    public String target() {
        return target;
    }

    /** The gRPC status code, e.g. {@code FAILED_PRECONDITION}. */
    public Status.Code statusCode() {
        return statusCode;
    }

    /** The {@code ErrorInfo} reason as sent, e.g. {@code "INTEGRITY_VIOLATION"}; empty when the node sent none. */
    public String reason() {
        return reason;
    }

    /** The reason as an {@link ErrorCode}, when the node sent one this client knows. */
    public Optional<ErrorCode> errorCode() {
        return ErrorCode.fromReason(reason);
    }

    /** The status description: the node's message naming the problem (or the transport's). */
    public String description() {
        return description;
    }

    /** {@code ErrorInfo} metadata, e.g. {@code object_id}, {@code seq}, {@code rule}; empty when none was sent. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** True when the node could not be reached at all (nothing answered, or the connection was refused). */
    public boolean unreachable() {
        return statusCode == Status.Code.UNAVAILABLE && reason.isEmpty() && !tlsFailure;
    }

    /** True when the TLS handshake failed (an untrusted certificate on either side, or no client certificate). */
    public boolean tlsFailure() {
        return tlsFailure;
    }
}
