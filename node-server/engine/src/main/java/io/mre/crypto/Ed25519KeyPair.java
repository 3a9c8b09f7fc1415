package io.mre.crypto;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An Ed25519 key pair: the 32-byte private seed (RFC 8032) and the 32-byte public key derived from it.
 *
 * <p>The constructor checks that the public key really belongs to the seed: signing with a mismatched public key
 * produces signatures that can leak the private key, and the fast signing path trusts the pair.
 */
public record Ed25519KeyPair(byte[] privateKey, byte[] publicKey) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public Ed25519KeyPair {
        requireNonNull(privateKey, "privateKey is null");
        requireNonNull(publicKey, "publicKey is null");
        if (privateKey.length != Ed25519.PRIVATE_KEY_SIZE) {
            throw new IllegalArgumentException("Ed25519 private key must be 32 bytes, got " + privateKey.length);
        }
        if (publicKey.length != Ed25519.PUBLIC_KEY_SIZE) {
            throw new IllegalArgumentException("Ed25519 public key must be 32 bytes, got " + publicKey.length);
        }
        privateKey = privateKey.clone();
        publicKey = publicKey.clone();
        if (!MessageDigest.isEqual(Ed25519.publicKeyOf(privateKey), publicKey)) {
            throw new IllegalArgumentException("Ed25519 public key does not belong to the private key");
        }
    }

    /** Derives the public key from a 32-byte seed. */
    public static Ed25519KeyPair fromPrivateKey(byte[] privateKey) {
        requireNonNull(privateKey, "privateKey is null");
        if (privateKey.length != Ed25519.PRIVATE_KEY_SIZE) {
            throw new IllegalArgumentException("Ed25519 private key must be 32 bytes, got " + privateKey.length);
        }
        return new Ed25519KeyPair(privateKey, Ed25519.publicKeyOf(privateKey));
    }

    /** A fresh key pair from a {@link SecureRandom}. */
    public static Ed25519KeyPair generate() {
        byte[] seed = new byte[Ed25519.PRIVATE_KEY_SIZE];
        RANDOM.nextBytes(seed);
        return fromPrivateKey(seed);
    }

    @Override
    public byte[] privateKey() {
        return privateKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** Signs without copying the key arrays (package-private fast path). */
    byte[] sign(byte[] message) {
        return Ed25519.signUnchecked(privateKey, publicKey, message);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519KeyPair other
                && MessageDigest.isEqual(privateKey, other.privateKey)
                && Arrays.equals(publicKey, other.publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    // Never print the private key: this lands in logs and exception messages.
    @Override
    public String toString() {
        return "Ed25519KeyPair[publicKey=" + HexFormat.of().formatHex(publicKey) + "]";
    }
}
