package io.mre.crypto;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint;

/**
 * An Ed25519 public key decoded and validated once, for repeated verification. Immutable and thread-safe.
 *
 * <p>{@link #of} performs full validation (on the curve, in the prime-order subgroup), so keys with a small-order
 * component, which would allow ambiguous signatures, are refused up front.
 */
public final class Ed25519PublicKey {
    private final byte[] raw;
    // BC's decoded point: verification skips point decompression and validation on every call.
    private final PublicPoint point;

    private Ed25519PublicKey(byte[] raw, PublicPoint point) {
        this.raw = raw;
        this.point = point;
    }

    /** Decodes a raw 32-byte key; {@link IllegalArgumentException} if it is not a valid Ed25519 point. */
    public static Ed25519PublicKey of(byte[] raw) {
        requireNonNull(raw, "raw is null");
        if (raw.length != Ed25519.PUBLIC_KEY_SIZE) {
            throw new IllegalArgumentException("Ed25519 public key must be 32 bytes, got " + raw.length);
        }
        byte[] copy = raw.clone();
        PublicPoint point = org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyFullExport(copy, 0);
        if (point == null) {
            throw new IllegalArgumentException("not a valid Ed25519 public key");
        }
        return new Ed25519PublicKey(copy, point);
    }

    /** Verifies {@code signature} over {@code message}; false (never an exception) for a malformed signature. */
    public boolean verify(byte[] message, byte[] signature) {
        requireNonNull(message, "message is null");
        requireNonNull(signature, "signature is null");
        if (signature.length != Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, point, message, 0, message.length);
    }

    /** The raw 32-byte key. */
    public byte[] raw() {
        return raw.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519PublicKey other && Arrays.equals(raw, other.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "Ed25519PublicKey[" + HexFormat.of().formatHex(raw) + "]";
    }
}
