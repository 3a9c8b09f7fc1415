package io.mre.errors;

import static java.util.Objects.requireNonNull;

import io.grpc.Status;
import java.util.Map;
import java.util.Optional;

/**
 * A failed call as {@link ErrorInfoCodec#decode} reads it.
 *
 * @param statusCode the gRPC status code
 * @param description the status description ({@code ""} when there is none)
 * @param reason the {@code ErrorInfo} reason as sent ({@code ""} when none was attached)
 * @param metadata the {@code ErrorInfo} metadata (empty when none was attached)
 */
public record DecodedError(Status.Code statusCode, String description, String reason, Map<String, String> metadata) {
    public DecodedError {
        requireNonNull(statusCode, "statusCode is null");
        requireNonNull(description, "description is null");
        requireNonNull(reason, "reason is null");
        metadata = Map.copyOf(metadata);
    }

    /** The reason as an {@link ErrorCode}, when there is one and this side knows it (a newer peer may send more). */
    public Optional<ErrorCode> code() {
        return ErrorCode.fromReason(reason);
    }
}
