package io.mre.testkit;

import com.google.protobuf.ByteString;
import io.mre.crypto.SigningKey;
import io.mre.engine.codec.Digests;
import io.mre.engine.codec.ObjectCodec;
import io.mre.engine.object.ObjectFactory;
import io.mre.engine.object.WorkingObject;
import io.mre.engine.verify.VerifiedObject;
import io.mre.proto.v1.Context;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Header;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.Origin;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/** Creates a test object for real: the author signs the header, each history entry is signed by its node. */
final class ObjectSigner {
    private ObjectSigner() {}

    static ExecutableObject sign(ObjectBuilder b, TestPki pki) {
        Intent intent = b.intentProto();
        Context context = b.contextProto();
        SigningKey author = pki.key(HistoryWriter.ORIGIN_NODE, b.originDomain());
        Instant validFrom = author.jdkCertificateChain().get(0).getNotBefore().toInstant();
        if (b.createdAt().isBefore(validFrom)) {
            throw new IllegalStateException(
                    "createdAt " + b.createdAt() + " precedes the test certificates (valid from " + validFrom
                            + "): build with withCreatedAt(clock.instant()) using a clock at or after the real time");
        }
        ExecutableObject created = ObjectFactory.create(
                b.objectId(),
                intent,
                context,
                Origin.newBuilder()
                        .setAuthor(author.nodeId())
                        .setTrustDomain(author.trustDomain())
                        .build(),
                Optional.of(author),
                InstantSource.fixed(b.createdAt()));
        Header header = ObjectCodec.header(created);
        VerifiedObject object = new VerifiedObject(
                created,
                header,
                List.of(),
                ByteString.copyFrom(Digests.headerDigest(created.getHeader().getHeader())),
                ByteString.copyFrom(Digests.intentDigest(intent)),
                ByteString.copyFrom(Digests.contextDigest(context)));
        for (Entry entry : HistoryWriter.write(header, intent, b.history())) {
            SigningKey signer =
                    pki.key(entry.getNode().getNodeId(), entry.getNode().getTrustDomain());
            WorkingObject w = new WorkingObject(object, signer);
            w.append(entry.toBuilder(), w.object().getIntent(), w.object().getContext());
            object = w.toVerified();
        }
        return object.object();
    }
}
