package io.mre.engine.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import io.mre.proto.v1.Context;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.Signature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The byte-level definitions of {@code mre/v1/object.proto}: PAE, HeaderDigest, EntryHash, IntentDigest and
 * ContextDigest. Hashing uses the JDK's SHA-256 (several times faster here than Bouncy Castle's).
 */
public final class Digests {
    /** PAE type of a header. */
    public static final String HEADER_TYPE = "mre.v1.Header";
    /** PAE type of an entry. */
    public static final String ENTRY_TYPE = "mre.v1.Entry";

    private static final byte[] PAE_PREFIX = "MREv1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEADER_TYPE_BYTES = HEADER_TYPE.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ENTRY_TYPE_BYTES = ENTRY_TYPE.getBytes(StandardCharsets.US_ASCII);
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Digests::newSha256);

    private Digests() {}

    /** The bytes an entry signature covers: PAE("mre.v1.Entry", entry). */
    public static byte[] entrySigningInput(ByteString entry) {
        return pae(ENTRY_TYPE_BYTES, entry);
    }

    /** The bytes a header signature covers: PAE("mre.v1.Header", header). */
    public static byte[] headerSigningInput(ByteString header) {
        return pae(HEADER_TYPE_BYTES, header);
    }

    /** SHA-256(PAE("mre.v1.Header", header)): what the first entry's prev_hash must be. */
    public static byte[] headerDigest(ByteString header) {
        MessageDigest md = sha256();
        updatePae(md, HEADER_TYPE_BYTES, header);
        return md.digest();
    }

    /** EntryHash: SHA-256 over PAE of the entry bytes, then each signature's key id and bytes, length-prefixed. */
    public static byte[] entryHash(EntryEnvelope envelope) {
        MessageDigest md = sha256();
        updatePae(md, ENTRY_TYPE_BYTES, envelope.getEntry());
        for (Signature s : envelope.getSignaturesList()) {
            byte[] keyId = s.getKeyId().getBytes(StandardCharsets.UTF_8);
            md.update(length(keyId.length));
            md.update(keyId);
            md.update(length(s.getSignature().size()));
            s.getSignature().asReadOnlyByteBufferList().forEach(md::update);
        }
        return md.digest();
    }

    /** IntentDigest: SHA-256 of the intent's deterministic encoding. */
    public static byte[] intentDigest(Intent intent) {
        return sha256().digest(deterministic(intent));
    }

    /** ContextDigest: SHA-256 of the context's deterministic encoding. */
    public static byte[] contextDigest(Context context) {
        return sha256().digest(deterministic(context));
    }

    /** Lowercase hex of {@code bytes}. */
    public static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }

    /** Lowercase hex of the first 8 bytes: enough to name a hash in a message or a log line. */
    public static String shortHex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes, 0, Math.min(8, bytes.length));
    }

    static byte[] deterministic(MessageLite message) {
        byte[] out = new byte[message.getSerializedSize()];
        CodedOutputStream stream = CodedOutputStream.newInstance(out);
        stream.useDeterministicSerialization();
        try {
            message.writeTo(stream);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        stream.checkNoSpaceLeft();
        return out;
    }

    private static byte[] pae(byte[] type, ByteString body) {
        byte[] out = new byte[PAE_PREFIX.length + 8 + type.length + 8 + body.size()];
        int p = 0;
        System.arraycopy(PAE_PREFIX, 0, out, p, PAE_PREFIX.length);
        p += PAE_PREFIX.length;
        p = putLength(out, p, type.length);
        System.arraycopy(type, 0, out, p, type.length);
        p += type.length;
        p = putLength(out, p, body.size());
        body.copyTo(out, p);
        return out;
    }

    private static void updatePae(MessageDigest md, byte[] type, ByteString body) {
        md.update(PAE_PREFIX);
        md.update(length(type.length));
        md.update(type);
        md.update(length(body.size()));
        body.asReadOnlyByteBufferList().forEach(md::update);
    }

    private static int putLength(byte[] out, int p, long n) {
        for (int i = 7; i >= 0; i--) {
            out[p++] = (byte) (n >>> (8 * i));
        }
        return p;
    }

    private static byte[] length(long n) {
        byte[] b = new byte[8];
        putLength(b, 0, n);
        return b;
    }

    private static MessageDigest sha256() {
        MessageDigest md = SHA256.get();
        md.reset();
        return md;
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
