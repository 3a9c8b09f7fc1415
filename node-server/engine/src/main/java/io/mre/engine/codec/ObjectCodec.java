package io.mre.engine.codec;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.mre.engine.MreException;
import io.mre.engine.time.Timestamps;
import io.mre.errors.ErrorCode;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Header;
import java.util.Map;

/**
 * Decodes objects from untrusted bytes: size limits first, then the protobuf parse, then the header and its
 * format version. Every failure is an {@link MreException} with a message that names the problem.
 */
public final class ObjectCodec {
    /**
     * The format version this code reads and writes: 2 (histories are replayed; a mutated object carries its
     * genesis). Version 1 objects are refused (docs/object-format.md, "Format versions").
     */
    public static final int FORMAT_VERSION = 2;

    private ObjectCodec() {}

    /** Parses {@code bytes} as an object, checking the limits and the header. */
    public static ExecutableObject parse(byte[] bytes, Limits limits) {
        if (bytes.length > limits.maxObjectBytes()) {
            throw tooLarge(bytes.length, limits);
        }
        ExecutableObject object;
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setRecursionLimit(64);
            object = ExecutableObject.parseFrom(in);
            in.checkLastTagWas(0);
        } catch (InvalidProtocolBufferException e) {
            throw new MreException(
                    ErrorCode.MALFORMED_OBJECT,
                    "bytes are not a valid mre.v1.ExecutableObject (" + bytes.length + " bytes): " + e.getMessage());
        } catch (java.io.IOException e) {
            throw new MreException(ErrorCode.MALFORMED_OBJECT, "cannot read object: " + e.getMessage());
        }
        checkShape(object, limits);
        return object;
    }

    /** Checks an already parsed object (e.g. from gRPC) against the limits; returns its decoded header. */
    public static Header checkShape(ExecutableObject object, Limits limits) {
        int size = object.getSerializedSize();
        if (size > limits.maxObjectBytes()) {
            throw tooLarge(size, limits);
        }
        int entries = object.getMemory().getEntriesCount();
        if (entries > limits.maxEntries()) {
            throw new MreException(
                    ErrorCode.OBJECT_TOO_LARGE,
                    "object has " + entries + " memory entries; this node accepts at most " + limits.maxEntries());
        }
        return checkWellFormed(object);
    }

    /** Checks the header ({@link #header}) and the context's fields; returns the decoded header. No size limits. */
    public static Header checkWellFormed(ExecutableObject object) {
        Header header = header(object);
        if (object.getContext().hasDeadline()
                && !Timestamps.isValid(object.getContext().getDeadline())) {
            throw new MreException(
                    ErrorCode.MALFORMED_OBJECT,
                    "context deadline is out of the protobuf Timestamp " + "range (years 1 to 9999)",
                    Map.of("object_id", header.getObjectId()));
        }
        return header;
    }

    /** Decodes the header and checks its required fields and format version. */
    public static Header header(ExecutableObject object) {
        if (!object.hasHeader() || object.getHeader().getHeader().isEmpty()) {
            throw new MreException(ErrorCode.MALFORMED_OBJECT, "object has no header");
        }
        Header header;
        try {
            header = Header.parseFrom(object.getHeader().getHeader());
        } catch (InvalidProtocolBufferException e) {
            throw new MreException(
                    ErrorCode.MALFORMED_OBJECT, "header bytes are not a valid mre.v1.Header: " + e.getMessage());
        }
        if (header.getFormatVersion() != FORMAT_VERSION) {
            throw new MreException(
                    ErrorCode.UNSUPPORTED_FORMAT_VERSION,
                    "format_version " + header.getFormatVersion() + " is not supported (this node reads version "
                            + FORMAT_VERSION + ")",
                    Map.of("object_id", header.getObjectId()));
        }
        if (header.getObjectId().isBlank()) {
            throw new MreException(ErrorCode.MALFORMED_OBJECT, "header has no object_id");
        }
        if (header.getObjectId().length() > 128) {
            throw new MreException(ErrorCode.MALFORMED_OBJECT, "header object_id is longer than 128 characters");
        }
        if (!header.hasCreatedAt() || !Timestamps.isValid(header.getCreatedAt())) {
            throw new MreException(
                    ErrorCode.MALFORMED_OBJECT,
                    "header created_at is missing or out of the protobuf Timestamp range (years 1 to 9999)",
                    Map.of("object_id", header.getObjectId()));
        }
        if (header.getInitialIntentDigest().size() != 32
                || header.getInitialContextDigest().size() != 32) {
            throw new MreException(
                    ErrorCode.MALFORMED_OBJECT,
                    "header initial_intent_digest and initial_context_digest must be 32-byte SHA-256 digests",
                    Map.of("object_id", header.getObjectId()));
        }
        return header;
    }

    private static MreException tooLarge(int size, Limits limits) {
        return new MreException(
                ErrorCode.OBJECT_TOO_LARGE,
                "object is " + size + " bytes; this node accepts at most " + limits.maxObjectBytes());
    }
}
