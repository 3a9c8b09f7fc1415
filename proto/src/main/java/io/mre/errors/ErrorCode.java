package io.mre.errors;

import java.util.Optional;

/**
 * Every error MRE reports, with its category. The name is the {@code reason} of the {@code google.rpc.ErrorInfo}
 * a node sends (see {@code mre/v1/node.proto}); the category decides the gRPC status code
 * ({@link ErrorInfoCodec#statusCode}). Shared by the node, the federation client and the Java client, so all of
 * them read and write one vocabulary.
 */
public enum ErrorCode {
    MALFORMED_OBJECT(Category.USER),
    INVALID_INTENT(Category.USER),
    UNSUPPORTED_FORMAT_VERSION(Category.USER),
    INVALID_SIGNAL(Category.USER),
    INVALID_ARGUMENT(Category.USER),
    OBJECT_TOO_LARGE(Category.LIMIT),
    OVERLOADED(Category.LIMIT),
    INTEGRITY_VIOLATION(Category.INTEGRITY),
    ALREADY_TERMINATED(Category.CONFLICT),
    FORK_DETECTED(Category.CONFLICT),
    WRONG_CUSTODIAN(Category.CONFLICT),
    CALLER_NOT_AUTHORIZED(Category.POLICY),
    UNTRUSTED_PEER(Category.AUTHENTICATION),
    OBJECT_NOT_FOUND(Category.NOT_FOUND),
    PEER_UNAVAILABLE(Category.UNAVAILABLE),
    DEADLINE_EXCEEDED(Category.DEADLINE),
    INTERNAL(Category.INTERNAL);

    /** What kind of problem, which decides how it is reported (INVALID_ARGUMENT, FAILED_PRECONDITION, ...). */
    public enum Category {
        /** The caller sent something malformed or invalid. */
        USER,
        /** A size, rate or budget limit. */
        LIMIT,
        /** The object's integrity is broken (tampering, bad signature, broken chain). */
        INTEGRITY,
        /** The request conflicts with the object's state (terminated, fork, not the custodian). */
        CONFLICT,
        /** A local policy refused. */
        POLICY,
        /** The peer is not trusted. */
        AUTHENTICATION,
        /** No such object. */
        NOT_FOUND,
        /** A peer or resource is unavailable. */
        UNAVAILABLE,
        /** Time ran out. */
        DEADLINE,
        /** A bug or an unexpected failure on this node. */
        INTERNAL
    }

    private final Category category;

    ErrorCode(Category category) {
        this.category = category;
    }

    public Category category() {
        return category;
    }

    /** The code named {@code reason} (an {@code ErrorInfo.reason}); empty for "" or a name this side does not know. */
    public static Optional<ErrorCode> fromReason(String reason) {
        for (ErrorCode code : values()) {
            if (code.name().equals(reason)) {
                return Optional.of(code);
            }
        }
        return Optional.empty();
    }
}
