package io.mre.it.mesh;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.mre.crypto.SigningKey;
import io.mre.engine.codec.Digests;
import io.mre.engine.object.ObjectFactory;
import io.mre.engine.time.Timestamps;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Genesis;
import io.mre.proto.v1.Header;
import io.mre.proto.v1.NodeRef;
import io.mre.proto.v1.Signature;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * What a participant holding a trusted node key can write: arbitrary entries appended to an object, each chained
 * to the one before, carrying the digests, and correctly signed by that key. Tests deliver the result over the wire
 * to show the receiving node refuses it for what it means, not for its bytes.
 */
public final class Forgery {
    private final ExecutableObject.Builder object;
    private final Header header;
    private ByteString prev;
    private Instant time;

    /** Starts from the object's header and carried intent/context, with an empty history. */
    public Forgery(ExecutableObject created) {
        object = created.toBuilder();
        object.getMemoryBuilder().clearEntries();
        try {
            header = Header.parseFrom(created.getHeader().getHeader());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(e);
        }
        prev = ByteString.copyFrom(Digests.headerDigest(created.getHeader().getHeader()));
        time = Timestamps.toInstant(header.getCreatedAt());
    }

    /** Carries the initial intent and context as the genesis (so MUTATE entries can be replayed). */
    public Forgery withGenesis() {
        object.setGenesis(Genesis.newBuilder().setIntent(object.getIntent()).setContext(object.getContext()));
        return this;
    }

    /** Appends a new entry filled by {@code fill}, chained and signed with {@code key}. */
    public Forgery append(SigningKey key, Consumer<Entry.Builder> fill) {
        time = time.plusMillis(1);
        Entry.Builder e = Entry.newBuilder()
                .setObjectId(header.getObjectId())
                .setSeq(object.getMemory().getEntriesCount())
                .setPrevHash(prev)
                .setNode(NodeRef.newBuilder().setNodeId(key.nodeId()).setTrustDomain(key.trustDomain()))
                .setTime(Timestamps.toProto(time))
                .setIntentDigest(header.getInitialIntentDigest())
                .setContextDigest(header.getInitialContextDigest());
        fill.accept(e);
        ByteString bytes = e.build().toByteString();
        EntryEnvelope envelope = EntryEnvelope.newBuilder()
                .setEntry(bytes)
                .addSignatures(Signature.newBuilder()
                        .setKeyId(key.keyId())
                        .setSignature(ByteString.copyFrom(key.sign(Digests.entrySigningInput(bytes)))))
                .build();
        if (object.getSignersList().stream().noneMatch(s -> s.getKeyId().equals(key.keyId()))) {
            object.addSigners(ObjectFactory.signerCertificate(key));
        }
        return appendAsIs(envelope);
    }

    /** Appends an envelope exactly as given (copied from another history), whatever it chains to. */
    public Forgery appendAsIs(EntryEnvelope envelope) {
        try {
            Instant at =
                    Timestamps.toInstant(Entry.parseFrom(envelope.getEntry()).getTime());
            time = at.isAfter(time) ? at : time;
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(e);
        }
        object.getMemoryBuilder().addEntries(envelope);
        prev = ByteString.copyFrom(Digests.entryHash(envelope));
        return this;
    }

    /** The next entry is written {@code gap} later than it would be (a different entry with the same content). */
    public Forgery later(java.time.Duration gap) {
        time = time.plus(gap);
        return this;
    }

    public ExecutableObject object() {
        return object.build();
    }
}
