package io.mre.crypto;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Key identifiers: a short, stable name for a signer, derived from its leaf certificate. */
public final class KeyIds {
    private static final int KEY_ID_BYTES = 16;

    private KeyIds() {}

    /** Lowercase hex of the first 16 bytes of SHA-256 over the leaf certificate's DER (32 characters). */
    public static String keyId(byte[] leafCertificateDer) {
        requireNonNull(leafCertificateDer, "leafCertificateDer is null");
        return HexFormat.of().formatHex(sha256(leafCertificateDer), 0, KEY_ID_BYTES);
    }

    // The JDK's SHA-256 is several times faster than BC's here (intrinsics).
    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }
}
