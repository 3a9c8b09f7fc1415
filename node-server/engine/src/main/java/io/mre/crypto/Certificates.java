package io.mre.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;

/** DER-level helpers over Bouncy Castle's ASN.1 types; nothing here leaves the package. */
final class Certificates {
    static final AlgorithmIdentifier ED25519 = new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519);

    private Certificates() {}

    /**
     * Parses a certificate, insisting on canonical DER: key ids are hashes of these bytes and signatures are checked
     * over the re-encoded TBS part, so a BER variant of the same certificate must not pass as something else.
     */
    static X509CertificateHolder parse(byte[] der) {
        X509CertificateHolder holder;
        byte[] canonical;
        try {
            holder = new X509CertificateHolder(der);
            canonical = holder.toASN1Structure().getEncoded(ASN1Encoding.DER);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not an X.509 certificate (" + e.getMessage() + ")", e);
        }
        if (!Arrays.equals(canonical, der)) {
            throw new IllegalArgumentException("certificate is not in canonical DER");
        }
        return holder;
    }

    static byte[] der(X509CertificateHolder cert) {
        try {
            return cert.toASN1Structure().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER-encoding a certificate structure cannot fail", e);
        }
    }

    /** The raw 32-byte key if the certificate holds an Ed25519 key. */
    static Optional<byte[]> ed25519Key(X509CertificateHolder cert) {
        SubjectPublicKeyInfo spki = cert.getSubjectPublicKeyInfo();
        if (!ED25519.equals(spki.getAlgorithm())) {
            return Optional.empty();
        }
        if (spki.getPublicKeyData().getPadBits() != 0) {
            return Optional.empty();
        }
        byte[] raw = spki.getPublicKeyData().getOctets();
        return raw.length == Ed25519.PUBLIC_KEY_SIZE ? Optional.of(raw) : Optional.empty();
    }

    static String keyAlgorithm(X509CertificateHolder cert) {
        return cert.getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm().getId();
    }

    /** The single value of an attribute type in a name; empty if absent or repeated (ambiguous). */
    static Optional<String> attribute(X500Name name, ASN1ObjectIdentifier type) {
        RDN[] rdns = name.getRDNs(type);
        if (rdns.length != 1 || rdns[0].isMultiValued()) {
            return Optional.empty();
        }
        return Optional.of(IETFUtils.valueToString(rdns[0].getFirst().getValue()));
    }

    /** RFC 4514 notation (last RDN first), as the JDK and OpenSSL print names; for messages. */
    static String display(X500Name name) {
        RDN[] rdns = name.getRDNs();
        RDN[] reversed = new RDN[rdns.length];
        for (int i = 0; i < rdns.length; i++) {
            reversed[i] = rdns[rdns.length - 1 - i];
        }
        return new X500Name(BCStyle.INSTANCE, reversed).toString();
    }

    static String subject(X509CertificateHolder cert) {
        return display(cert.getSubject());
    }

    static String issuer(X509CertificateHolder cert) {
        return display(cert.getIssuer());
    }

    static Optional<String> organization(X500Name name) {
        return attribute(name, BCStyle.O);
    }

    static Optional<String> commonName(X500Name name) {
        return attribute(name, BCStyle.CN);
    }

    static boolean isCa(X509CertificateHolder cert) {
        BasicConstraints constraints = BasicConstraints.fromExtensions(cert.getExtensions());
        return constraints != null && constraints.isCA();
    }

    /** True if the certificate has no key usage extension or one that includes {@code usage}. */
    static boolean allowsUsage(X509CertificateHolder cert, int usage) {
        KeyUsage keyUsage = KeyUsage.fromExtensions(cert.getExtensions());
        return keyUsage == null || keyUsage.hasUsages(usage);
    }

    /** The CA's path length constraint, or -1 when unbounded. */
    static int pathLength(X509CertificateHolder cert) {
        BasicConstraints constraints = BasicConstraints.fromExtensions(cert.getExtensions());
        if (constraints == null || constraints.getPathLenConstraint() == null) {
            return -1;
        }
        return constraints
                .getPathLenConstraint()
                .min(BigInteger.valueOf(Integer.MAX_VALUE))
                .intValue();
    }

    static byte[] tbs(X509CertificateHolder cert) {
        try {
            return cert.toASN1Structure().getTBSCertificate().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("re-encoding a parsed structure cannot fail", e);
        }
    }

    /** Whether the certificate is signed with Ed25519 (RFC 8410: no parameters). */
    static boolean signedWithEd25519(X509CertificateHolder cert) {
        return ED25519.equals(cert.getSignatureAlgorithm());
    }

    static X509Certificate toJdk(byte[] der) {
        try {
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("the JDK cannot read the certificate: " + e.getMessage(), e);
        }
    }

    static List<X509Certificate> toJdk(List<byte[]> ders) {
        return ders.stream().map(Certificates::toJdk).toList();
    }

    static byte[] encodePkcs8(byte[] seed) {
        try {
            return new PrivateKeyInfo(ED25519, new DEROctetString(seed)).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("encoding a fixed structure cannot fail", e);
        }
    }

    /** The 32-byte seed of a PKCS#8 (RFC 8410) Ed25519 private key. */
    static byte[] decodePkcs8(byte[] der) {
        PrivateKeyInfo info;
        byte[] seed;
        try {
            info = PrivateKeyInfo.getInstance(der);
            if (!ED25519.equals(info.getPrivateKeyAlgorithm())) {
                throw new IllegalArgumentException("private key is "
                        + info.getPrivateKeyAlgorithm().getAlgorithm().getId() + ", not Ed25519");
            }
            seed = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a PKCS#8 Ed25519 private key (" + e.getMessage() + ")", e);
        }
        if (seed.length != Ed25519.PRIVATE_KEY_SIZE) {
            throw new IllegalArgumentException("Ed25519 private key must be 32 bytes, got " + seed.length);
        }
        // PKCS#8 v2 may carry the public key too; a mismatch means a corrupted or spliced file.
        if (info.getPublicKeyData() != null
                && !Arrays.equals(info.getPublicKeyData().getOctets(), Ed25519.publicKeyOf(seed))) {
            throw new IllegalArgumentException("the public key in the PKCS#8 file does not match its private key");
        }
        return seed;
    }

    static PrivateKey toJdkPrivateKey(byte[] seed) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(encodePkcs8(seed)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot read an Ed25519 PKCS#8 key", e);
        }
    }
}
