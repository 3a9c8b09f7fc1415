package io.mre.engine.object;

import com.google.protobuf.ByteString;
import io.mre.crypto.SigningKey;
import io.mre.engine.codec.Digests;
import io.mre.engine.codec.ObjectCodec;
import io.mre.engine.time.Timestamps;
import io.mre.proto.v1.Context;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Header;
import io.mre.proto.v1.HeaderEnvelope;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.Memory;
import io.mre.proto.v1.Origin;
import io.mre.proto.v1.Signature;
import io.mre.proto.v1.SignerCertificate;
import java.time.InstantSource;
import java.util.Optional;

/** Creates new objects: a header fixing the initial intent and context digests, optionally signed by the author. */
public final class ObjectFactory {
    private ObjectFactory() {}

    /** A new object with an empty memory; {@code author} signs the header when present. */
    public static ExecutableObject create(
            Intent intent, Context context, Origin origin, Optional<SigningKey> author, InstantSource clock) {
        return create(ObjectIds.newId(clock), intent, context, origin, author, clock);
    }

    /** As {@link #create(Intent, Context, Origin, Optional, InstantSource)} with a given object id. */
    public static ExecutableObject create(
            String objectId,
            Intent intent,
            Context context,
            Origin origin,
            Optional<SigningKey> author,
            InstantSource clock) {
        IntentValidator.validate(intent);
        if (author.isPresent() && !author.get().nodeId().equals(origin.getAuthor())) {
            // A header naming one author and signed by another would be refused by every verifier: refuse it here.
            throw new io.mre.engine.MreException(
                    io.mre.errors.ErrorCode.INVALID_ARGUMENT,
                    "origin.author '" + origin.getAuthor() + "' is not the signer '"
                            + author.get().nodeId() + "' (the name in the signing certificate)");
        }
        Header header = Header.newBuilder()
                .setObjectId(objectId)
                .setFormatVersion(ObjectCodec.FORMAT_VERSION)
                .setCreatedAt(Timestamps.toProto(clock.instant()))
                .setOrigin(origin)
                .setInitialIntentDigest(ByteString.copyFrom(Digests.intentDigest(intent)))
                .setInitialContextDigest(ByteString.copyFrom(Digests.contextDigest(context)))
                .build();
        ByteString headerBytes = header.toByteString();
        HeaderEnvelope.Builder envelope = HeaderEnvelope.newBuilder().setHeader(headerBytes);
        ExecutableObject.Builder object = ExecutableObject.newBuilder()
                .setIntent(intent)
                .setContext(context)
                .setMemory(Memory.getDefaultInstance());
        author.ifPresent(key -> {
            envelope.addSignatures(Signature.newBuilder()
                    .setKeyId(key.keyId())
                    .setSignature(ByteString.copyFrom(key.sign(Digests.headerSigningInput(headerBytes)))));
            object.addSigners(signerCertificate(key));
        });
        ExecutableObject created = object.setHeader(envelope).build();
        ObjectCodec.checkWellFormed(created); // never hand out an object that verification would refuse as malformed
        return created;
    }

    /** The signers-section record of {@code key}. */
    public static SignerCertificate signerCertificate(SigningKey key) {
        SignerCertificate.Builder b = SignerCertificate.newBuilder().setKeyId(key.keyId());
        key.certificateChainDer().forEach(der -> b.addCertificateChain(ByteString.copyFrom(der)));
        return b.build();
    }
}
