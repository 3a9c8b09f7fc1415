package io.mre.engine.verify;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import io.mre.engine.fold.Fold;
import io.mre.engine.fold.PersistentList;
import io.mre.engine.fold.PersistentMap;
import io.mre.engine.view.Views;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Header;
import java.util.List;
import java.util.Map;

/**
 * An object that passed verification, with what verification decoded and folded so nothing is done twice.
 *
 * @param object the object
 * @param header its decoded header
 * @param entries its decoded entries, in order (immutable, persistent: a visit appends to it without copying)
 * @param headHash EntryHash of the last entry, or HeaderDigest for an empty memory
 * @param intentDigest IntentDigest of the carried intent
 * @param contextDigest ContextDigest of the carried context
 * @param fold the fold of {@code entries}; each call of {@link #fold()} returns an independent copy to continue
 * @param outputViews the outputs of the completed steps as SPI maps, for handlers and policies (immutable)
 */
public record VerifiedObject(
        ExecutableObject object,
        Header header,
        List<Entry> entries,
        ByteString headHash,
        ByteString intentDigest,
        ByteString contextDigest,
        Fold fold,
        Map<String, Map<String, Object>> outputViews) {
    public VerifiedObject {
        requireNonNull(object, "object is null");
        requireNonNull(header, "header is null");
        entries = PersistentList.copyOf(entries);
        requireNonNull(headHash, "headHash is null");
        requireNonNull(intentDigest, "intentDigest is null");
        requireNonNull(contextDigest, "contextDigest is null");
        fold = requireNonNull(fold, "fold is null").copy();
        if (fold.applied() != entries.size()) {
            throw new IllegalArgumentException(
                    "the fold has " + fold.applied() + " entries, the object " + entries.size());
        }
        outputViews = PersistentMap.copyOf(outputViews);
    }

    /** A verified object whose entries are folded here. */
    public VerifiedObject(
            ExecutableObject object,
            Header header,
            List<Entry> entries,
            ByteString headHash,
            ByteString intentDigest,
            ByteString contextDigest) {
        this(object, header, entries, headHash, intentDigest, contextDigest, Fold.of(header, entries));
    }

    /** A verified object with its fold; the outputs are converted here. */
    VerifiedObject(
            ExecutableObject object,
            Header header,
            List<Entry> entries,
            ByteString headHash,
            ByteString intentDigest,
            ByteString contextDigest,
            Fold fold) {
        this(
                object,
                header,
                entries,
                headHash,
                intentDigest,
                contextDigest,
                fold,
                Views.outputs(fold.state(object.getIntent()).outputs()));
    }

    /** The object's id. */
    public String objectId() {
        return header.getObjectId();
    }

    /** A fold of the entries, at the last entry; a copy of its own for the caller to continue. */
    @Override
    public Fold fold() {
        return fold.copy();
    }
}
