package io.mre.spi;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** The result of an {@link OperationHandler}. */
public sealed interface HandlerResult {
    /** The operation succeeded with {@code output} (recorded in the entry). */
    record Success(Map<String, Object> output) implements HandlerResult {
        public Success {
            output = Map.copyOf(output);
        }
    }

    /** The operation failed; {@code retryable} says whether another attempt may succeed. */
    record Failure(String code, String message, boolean retryable) implements HandlerResult {
        public Failure {
            requireNonNull(code, "code is null");
            requireNonNull(message, "message is null");
        }
    }

    /** A success. */
    static HandlerResult success(Map<String, Object> output) {
        return new Success(output);
    }

    /** A failure that another attempt will not fix. */
    static HandlerResult failure(String code, String message) {
        return new Failure(code, message, false);
    }

    /** A failure that another attempt may fix. */
    static HandlerResult retryableFailure(String code, String message) {
        return new Failure(code, message, true);
    }
}
