package io.mre.crypto;

import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.cert.X509CertificateHolder;

/** A trust anchor of one domain, parsed once: its name, its key ready to verify, its JDK form for TLS. */
record Anchor(String domain, X509CertificateHolder certificate, Issuer issuer, X509Certificate jdk) {
    Anchor {
        requireNonNull(domain, "domain is null");
        requireNonNull(certificate, "certificate is null");
        requireNonNull(issuer, "issuer is null");
        requireNonNull(jdk, "jdk is null");
    }

    /** Parses a CA certificate; its domain is its subject O. */
    static Anchor of(byte[] der) {
        X509CertificateHolder certificate = Certificates.parse(der);
        if (!Certificates.isCa(certificate)) {
            throw new IllegalArgumentException(
                    "certificate " + Certificates.subject(certificate) + " is not a CA certificate");
        }
        String domain = Certificates.organization(certificate.getSubject())
                .orElseThrow(() -> new IllegalArgumentException(
                        "CA certificate subject has no single O: " + Certificates.subject(certificate)));
        return new Anchor(domain, certificate, Issuer.of(certificate, der), Certificates.toJdk(der));
    }

    /** A certificate seen as the signer of another: its key decoded once, its DER kept for the JDK fallback. */
    record Issuer(X509CertificateHolder certificate, byte[] der, Optional<Ed25519PublicKey> ed25519) {
        static Issuer of(X509CertificateHolder certificate, byte[] der) {
            Optional<Ed25519PublicKey> key = Certificates.ed25519Key(certificate)
                    .flatMap(raw -> {
                        try {
                            return Optional.of(Ed25519PublicKey.of(raw));
                        } catch (IllegalArgumentException e) {
                            return Optional.empty();
                        }
                    });
            return new Issuer(certificate, der, key);
        }

        /**
         * Whether this issuer's key signed {@code cert}. Ed25519 takes the fast path; other algorithms (an
         * organization's RSA or ECDSA CA, say) go through the JDK.
         */
        boolean signed(X509CertificateHolder cert, byte[] certDer) {
            try {
                return verifies(cert, certDer);
            } catch (RuntimeException e) {
                return false; // a malformed signature field (BC throws on non-octet-aligned bits) is simply not valid
            }
        }

        private boolean verifies(X509CertificateHolder cert, byte[] certDer) {
            // RFC 5280 4.1.1.2: the algorithm inside the signed part must match the outer one.
            if (!cert.getSignatureAlgorithm()
                    .equals(cert.toASN1Structure().getTBSCertificate().getSignature())) {
                return false;
            }
            if (Certificates.signedWithEd25519(cert)) {
                return ed25519.isPresent() && ed25519.get().verify(Certificates.tbs(cert), cert.getSignature());
            }
            try {
                X509Certificate jdkIssuer = Certificates.toJdk(der);
                Certificates.toJdk(certDer).verify(jdkIssuer.getPublicKey());
                return true;
            } catch (GeneralSecurityException e) {
                return false;
            }
        }
    }
}
