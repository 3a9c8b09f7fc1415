package io.mre.crypto;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;

/** Builds and signs X.509 certificates with Ed25519 keys; the profiles MRE issues live here and only here. */
final class CertificateIssuer {
    /** What a certificate may do. */
    enum Profile {
        CA,
        NODE
    }

    // DNS-name syntax: node ids go into a dNSName SAN, which the JDK refuses to parse if it is not a hostname.
    private static final String LABEL = "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?";
    private static final Pattern DNS_NAME = Pattern.compile("(?=.{1,64}$)" + LABEL + "(\\." + LABEL + ")*");
    private static final byte[] LOOPBACK = {127, 0, 0, 1};
    private static final String HOST_LABEL = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final Pattern HOST_NAME = Pattern.compile(HOST_LABEL + "(\\." + HOST_LABEL + ")*");
    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final SecureRandom RANDOM = new SecureRandom();
    // Tolerates peers whose clocks run a little behind ours.
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private CertificateIssuer() {}

    static String checkName(String name, String what) {
        if (!DNS_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " must be a DNS-style name of at most 64 characters"
                    + " (letters, digits, '-' and '.'), got '" + name + "'");
        }
        return name;
    }

    /** {@code CN=<commonName>,O=<organization>} in RFC 4514 notation: encoded O first, as X.509 names nest. */
    static X500Name name(String commonName, String organization) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, organization)
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    static X509CertificateHolder selfSignedCa(X500Name subject, Ed25519KeyPair key, Instant now, Duration validity) {
        return build(
                subject,
                key,
                keyIdentifier(key.publicKey()),
                subject,
                key.publicKey(),
                now,
                validity,
                Profile.CA,
                List.of());
    }

    static X509CertificateHolder issue(
            X509CertificateHolder issuer,
            Ed25519KeyPair issuerKey,
            X500Name subject,
            byte[] subjectPublicKey,
            Instant now,
            Duration validity,
            Profile profile) {
        return issue(issuer, issuerKey, subject, subjectPublicKey, now, validity, profile, List.of());
    }

    /**
     * As above; a NODE certificate also names {@code extraNames} (DNS names or IP literals, see
     * {@link #checkSubjectAltName}) besides localhost, the node id and 127.0.0.1.
     */
    static X509CertificateHolder issue(
            X509CertificateHolder issuer,
            Ed25519KeyPair issuerKey,
            X500Name subject,
            byte[] subjectPublicKey,
            Instant now,
            Duration validity,
            Profile profile,
            List<String> extraNames) {
        // Reuse the issuer's own key identifier so path builders (the JDK's among them) match AKI to SKI.
        Extension ski = issuer.getExtension(Extension.subjectKeyIdentifier);
        byte[] authorityKeyId = ski == null
                ? null
                : ASN1OctetString.getInstance(ski.getParsedValue()).getOctets();
        return build(
                issuer.getSubject(),
                issuerKey,
                authorityKeyId,
                subject,
                subjectPublicKey,
                now,
                validity,
                profile,
                extraNames);
    }

    private static X509CertificateHolder build(
            X500Name issuer,
            Ed25519KeyPair issuerKey,
            byte[] authorityKeyId,
            X500Name subject,
            byte[] subjectPublicKey,
            Instant now,
            Duration validity,
            Profile profile,
            List<String> extraNames) {
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive, got " + validity);
        }
        Instant notBefore = now.minus(CLOCK_SKEW).truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = now.plus(validity).truncatedTo(ChronoUnit.SECONDS);
        // 128 random bits, top bit set: positive, unpredictable, within RFC 5280's 20 octets.
        BigInteger serial = new BigInteger(128, RANDOM).setBit(127);
        SubjectPublicKeyInfo spki = new SubjectPublicKeyInfo(Certificates.ED25519, subjectPublicKey);
        X509v3CertificateBuilder builder =
                new X509v3CertificateBuilder(issuer, serial, Date.from(notBefore), Date.from(notAfter), subject, spki);
        try {
            builder.addExtension(
                    Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyIdentifier(subjectPublicKey)));
            if (authorityKeyId != null && !Arrays.equals(authorityKeyId, keyIdentifier(subjectPublicKey))) {
                builder.addExtension(
                        Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(authorityKeyId));
            }
            switch (profile) {
                case CA -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                    builder.addExtension(
                            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                }
                case NODE -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                        KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                    }));
                    builder.addExtension(Extension.subjectAlternativeName, false, altNames(subject, extraNames));
                }
            }
        } catch (CertIOException e) {
            throw new IllegalStateException("encoding certificate extensions failed", e);
        }
        return builder.build(new Ed25519ContentSigner(issuerKey));
    }

    /**
     * localhost, the node id and 127.0.0.1 (the certificate serves as TLS server and client on loopback), then the
     * names under which peers and clients reach the node on a network, without duplicates.
     */
    private static GeneralNames altNames(X500Name subject, List<String> extraNames) {
        Map<String, GeneralName> names = new LinkedHashMap<>();
        names.put("localhost", new GeneralName(GeneralName.dNSName, "localhost"));
        String nodeId = Certificates.commonName(subject).orElse("localhost");
        if (DNS_NAME.matcher(nodeId).matches()) {
            names.putIfAbsent(nodeId.toLowerCase(Locale.ROOT), new GeneralName(GeneralName.dNSName, nodeId));
        }
        names.put("127.0.0.1", new GeneralName(GeneralName.iPAddress, new DEROctetString(LOOPBACK)));
        for (String extra : extraNames) {
            byte[] ip = ipLiteral(extra);
            if (ip != null) {
                names.putIfAbsent(ipKey(ip), new GeneralName(GeneralName.iPAddress, new DEROctetString(ip)));
            } else {
                names.putIfAbsent(
                        checkSubjectAltName(extra).toLowerCase(Locale.ROOT),
                        new GeneralName(GeneralName.dNSName, extra));
            }
        }
        return GeneralNames.getInstance(new DERSequence(names.values().toArray(GeneralName[]::new)));
    }

    /**
     * A name a node certificate may carry besides its id: an IPv4 or IPv6 literal, or a DNS name (at most 253
     * characters, labels of at most 63). Throws {@link IllegalArgumentException} naming the problem otherwise.
     */
    static String checkSubjectAltName(String name) {
        if (ipLiteral(name) != null) {
            return name;
        }
        if (name.length() > 253 || !HOST_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is neither an IP address nor a DNS name (letters, "
                    + "digits, '-' between labels of at most 63 characters, '.' between labels)");
        }
        return name;
    }

    /** The address bytes of an IPv4 or IPv6 literal, or null when {@code name} is not one (never a DNS lookup). */
    private static byte[] ipLiteral(String name) {
        boolean v4 = IPV4.matcher(name).matches();
        boolean v6 = name.indexOf(':') >= 0 && IPV6_CHARS.matcher(name).matches();
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(name).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String ipKey(byte[] ip) {
        try {
            return InetAddress.getByAddress(ip).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 7093 method 1: the leftmost 160 bits of SHA-256 over the key. */
    static byte[] keyIdentifier(byte[] publicKey) {
        return Arrays.copyOf(KeyIds.sha256(publicKey), 20);
    }

    /** Signs the TBS bytes with the fast Ed25519 path instead of a JCA provider. */
    private static final class Ed25519ContentSigner implements ContentSigner {
        private final Ed25519KeyPair key;
        private final ByteArrayOutputStream tbs = new ByteArrayOutputStream();

        Ed25519ContentSigner(Ed25519KeyPair key) {
            this.key = key;
        }

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return Certificates.ED25519;
        }

        @Override
        public OutputStream getOutputStream() {
            return tbs;
        }

        @Override
        public byte[] getSignature() {
            return key.sign(tbs.toByteArray());
        }
    }
}
