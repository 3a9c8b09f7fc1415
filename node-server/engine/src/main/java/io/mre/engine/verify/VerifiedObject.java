package io.mre.engine.verify;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Header;
import java.util.List;

/**
 * An object that passed verification, with what verification decoded so nothing is decoded twice.
 *
 * @param object the object
 * @param header its decoded header
 * @param entries its decoded entries, in order
 * @param headHash EntryHash of the last entry, or HeaderDigest for an empty memory
 * @param intentDigest IntentDigest of the carried intent
 * @param contextDigest ContextDigest of the carried context
 */
public record VerifiedObject(ExecutableObject object, Header header, List<Entry> entries, ByteString headHash,
        ByteString intentDigest, ByteString contextDigest) {
    public VerifiedObject {
        requireNonNull(object, "object is null");
        requireNonNull(header, "header is null");
        entries = List.copyOf(entries);
        requireNonNull(headHash, "headHash is null");
        requireNonNull(intentDigest, "intentDigest is null");
        requireNonNull(contextDigest, "contextDigest is null");
    }

    /** The object's id. */
    public String objectId() {
        return header.getObjectId();
    }
}
