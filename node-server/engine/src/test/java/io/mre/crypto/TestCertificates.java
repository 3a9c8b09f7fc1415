package io.mre.crypto;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Builds certificates MRE would never issue itself, to prove the validator refuses them. */
final class TestCertificates {
    private TestCertificates() {}

    /** A node certificate with any subject, issued by {@code issuer}'s CA certificate and key. */
    static SigningKey node(CertificateAuthority issuer, String commonName, String organization, Duration validity) {
        Ed25519KeyPair key = Ed25519KeyPair.generate();
        var leaf = CertificateIssuer.issue(
                issuer.certificate(),
                issuer.keyPair(),
                CertificateIssuer.name(commonName, organization),
                key.publicKey(),
                Instant.now(),
                validity,
                CertificateIssuer.Profile.NODE);
        return SigningKey.of(key, List.of(Certificates.der(leaf)));
    }

    /** A leaf for {@code CN=<commonName>,O=<domain>} signed by {@code signer}'s key, chained [leaf, signer chain…]. */
    static SigningKey signedBy(SigningKey signer, String commonName, String domain) {
        Ed25519KeyPair key = Ed25519KeyPair.generate();
        var signerCertificate = Certificates.parse(signer.certificateChainDer().get(0));
        var leaf = CertificateIssuer.issue(
                signerCertificate,
                signer.keyPair(),
                CertificateIssuer.name(commonName, domain),
                key.publicKey(),
                Instant.now(),
                Duration.ofHours(1),
                CertificateIssuer.Profile.NODE);
        List<byte[]> chain = new java.util.ArrayList<>();
        chain.add(Certificates.der(leaf));
        chain.addAll(signer.certificateChainDer());
        return SigningKey.of(key, chain);
    }

    /** An intermediate CA {@code CN=<name>,O=<domain>} under {@code root}, as a signing key usable by {@link #signedBy}. */
    static SigningKey intermediateCa(CertificateAuthority root, String name) {
        Ed25519KeyPair key = Ed25519KeyPair.generate();
        var certificate = CertificateIssuer.issue(
                root.certificate(),
                root.keyPair(),
                CertificateIssuer.name(name, root.trustDomain()),
                key.publicKey(),
                Instant.now(),
                Duration.ofHours(1),
                CertificateIssuer.Profile.CA);
        return SigningKey.of(key, List.of(Certificates.der(certificate)));
    }
}
