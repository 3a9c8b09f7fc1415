package io.mre.engine;

import static java.util.Objects.requireNonNull;

import io.mre.errors.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one exception type of MRE: an {@link ErrorCode} (and so a category), a precise message naming the problem,
 * and metadata such as {@code object_id}, {@code seq} and {@code rule}. Safe to send to a peer: it never holds
 * key material or a stack trace from another node.
 */
public final class MreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final Map<String, String> metadata;

    public MreException(ErrorCode code, String message) {
        this(code, message, Map.of(), null);
    }

    public MreException(ErrorCode code, String message, Map<String, String> metadata) {
        this(code, message, metadata, null);
    }

    public MreException(ErrorCode code, String message, Map<String, String> metadata, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
        this.metadata = Map.copyOf(metadata);
    }

    public ErrorCode code() {
        return code;
    }

    public ErrorCode.Category category() {
        return code.category();
    }

    /** Structured details, e.g. {@code object_id}, {@code seq}, {@code rule}. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** A copy with one more metadata entry. */
    public MreException with(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(metadata);
        m.put(key, value);
        return new MreException(code, getMessage(), m, getCause());
    }
}
