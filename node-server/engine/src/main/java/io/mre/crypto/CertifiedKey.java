package io.mre.crypto;

import static java.util.Objects.requireNonNull;

/** A signing key whose certificate chain was validated: who holds it, in which trust domain, and the key itself. */
public record CertifiedKey(String keyId, String nodeId, String trustDomain, Ed25519PublicKey publicKey) {
    public CertifiedKey {
        requireNonNull(keyId, "keyId is null");
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(trustDomain, "trustDomain is null");
        requireNonNull(publicKey, "publicKey is null");
    }
}
