package io.mre.engine.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.Routing;
import io.mre.proto.v1.Signature;
import io.mre.proto.v1.Step;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

/** The byte-level definitions of object.proto, recomputed independently: what every other language must match. */
class DigestsTest {
    private static final ByteString BODY = ByteString.copyFromUtf8("entry bytes");

    @Test
    void entrySigningInput_isPaeOfTheEntryType() {
        assertThat(Digests.entrySigningInput(BODY)).isEqualTo(pae("mre.v1.Entry", BODY.toByteArray()));
        assertThat(Digests.headerSigningInput(BODY)).isEqualTo(pae("mre.v1.Header", BODY.toByteArray()));
    }

    @Test
    void headerDigest_isSha256OfThePae() throws Exception {
        assertThat(Digests.headerDigest(BODY)).isEqualTo(sha256(pae("mre.v1.Header", BODY.toByteArray())));
    }

    @Test
    void entryHash_coversTheEntryAndEverySignatureInOrder() throws Exception {
        EntryEnvelope envelope = EntryEnvelope.newBuilder()
                .setEntry(BODY)
                .addSignatures(
                        Signature.newBuilder().setKeyId("k1").setSignature(ByteString.copyFrom(new byte[] {1, 2})))
                .addSignatures(Signature.newBuilder().setKeyId("k2").setSignature(ByteString.copyFrom(new byte[] {3})))
                .build();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(pae("mre.v1.Entry", BODY.toByteArray()));
        expected.writeBytes(len(2));
        expected.writeBytes("k1".getBytes(StandardCharsets.UTF_8));
        expected.writeBytes(len(2));
        expected.writeBytes(new byte[] {1, 2});
        expected.writeBytes(len(2));
        expected.writeBytes("k2".getBytes(StandardCharsets.UTF_8));
        expected.writeBytes(len(1));
        expected.writeBytes(new byte[] {3});

        assertThat(Digests.entryHash(envelope)).isEqualTo(sha256(expected.toByteArray()));
        EntryEnvelope reordered = envelope.toBuilder()
                .setSignatures(0, envelope.getSignatures(1))
                .setSignatures(1, envelope.getSignatures(0))
                .build();
        assertThat(Digests.entryHash(reordered)).isNotEqualTo(Digests.entryHash(envelope));
    }

    @Test
    void intentDigest_isIndependentOfMapInsertionOrder() {
        Step one = Step.newBuilder()
                .setId("s")
                .setOperation("op")
                .setRouting(Routing.newBuilder()
                        .putLabels("a", "1")
                        .putLabels("b", "2")
                        .putLabels("c", "3"))
                .build();
        Step other = Step.newBuilder()
                .setId("s")
                .setOperation("op")
                .setRouting(Routing.newBuilder()
                        .putLabels("c", "3")
                        .putLabels("a", "1")
                        .putLabels("b", "2"))
                .build();

        assertThat(Digests.intentDigest(Intent.newBuilder().addSteps(one).build()))
                .isEqualTo(
                        Digests.intentDigest(Intent.newBuilder().addSteps(other).build()))
                .hasSize(32);
    }

    private static byte[] pae(String type, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("MREv1".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(len(type.length()));
        out.writeBytes(type.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(len(body.length));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] len(long n) {
        return ByteBuffer.allocate(8).putLong(n).array();
    }

    private static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }
}
