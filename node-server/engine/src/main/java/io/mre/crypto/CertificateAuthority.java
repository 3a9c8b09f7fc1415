package io.mre.crypto;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * A trust domain's certificate authority: an Ed25519 key and its CA certificate. It issues node certificates that
 * serve both for signing memory entries and for mutual TLS between nodes. Immutable and thread-safe.
 */
public final class CertificateAuthority {
    private static final String KEY_FILE = "ca.key";
    private static final String CERTIFICATE_FILE = "ca.crt";

    private final String trustDomain;
    private final Ed25519KeyPair keyPair;
    private final X509CertificateHolder certificate;
    private final byte[] certificateDer;
    // Certificates between this CA and its anchor when the CA is itself an intermediate; issued chains carry them.
    private final List<byte[]> parentChainDer;

    private CertificateAuthority(
            String trustDomain, Ed25519KeyPair keyPair, byte[] certificateDer, List<byte[]> parentChainDer) {
        this.trustDomain = trustDomain;
        this.keyPair = keyPair;
        this.certificateDer = certificateDer;
        this.certificate = Certificates.parse(certificateDer);
        this.parentChainDer = parentChainDer;
    }

    /** A new self-signed CA for {@code trustDomain}: subject {@code CN=<domain> CA,O=<domain>}, a fresh key. */
    public static CertificateAuthority create(String trustDomain, Duration validity) {
        requireNonNull(trustDomain, "trustDomain is null");
        requireNonNull(validity, "validity is null");
        CertificateIssuer.checkName(trustDomain, "trust domain");
        Ed25519KeyPair keyPair = Ed25519KeyPair.generate();
        X509CertificateHolder certificate = CertificateIssuer.selfSignedCa(
                CertificateIssuer.name(trustDomain + " CA", trustDomain), keyPair, Instant.now(), validity);
        return new CertificateAuthority(trustDomain, keyPair, Certificates.der(certificate), List.of());
    }

    /**
     * Loads a CA from a PKCS#8 PEM key and a PEM certificate file (the CA certificate first, then, for an
     * intermediate CA, the certificates up to but excluding its anchor).
     *
     * @throws IOException if a file cannot be read or does not hold a usable Ed25519 CA (the message names it)
     */
    public static CertificateAuthority load(Path caKeyPem, Path caCertPem) throws IOException {
        requireNonNull(caKeyPem, "caKeyPem is null");
        requireNonNull(caCertPem, "caCertPem is null");
        Ed25519KeyPair keyPair = SigningKey.readKeyPair(caKeyPem);
        List<byte[]> certificates = Pem.read(caCertPem, Pem.CERTIFICATE);
        try {
            X509CertificateHolder ca = Certificates.parse(certificates.get(0));
            if (!Certificates.isCa(ca)) {
                throw new IllegalArgumentException(
                        "certificate " + Certificates.subject(ca) + " is not a CA certificate");
            }
            byte[] certified = Certificates.ed25519Key(ca)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "CA certificate holds a " + Certificates.keyAlgorithm(ca) + " key, not Ed25519"));
            if (!Arrays.equals(certified, keyPair.publicKey())) {
                throw new IllegalArgumentException("CA certificate " + Certificates.subject(ca)
                        + " certifies another key than " + caKeyPem.getFileName());
            }
            String domain = Certificates.organization(ca.getSubject())
                    .orElseThrow(() -> new IllegalArgumentException(
                            "CA certificate subject has no single O: " + Certificates.subject(ca)));
            List<byte[]> parents = certificates.subList(1, certificates.size());
            parents.forEach(Certificates::parse);
            return new CertificateAuthority(domain, keyPair, certificates.get(0), List.copyOf(parents));
        } catch (IllegalArgumentException e) {
            throw new IOException(caCertPem + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code ca.key} (PKCS#8 PEM, owner-only; never over an existing file) and {@code ca.crt} (the CA
     * certificate, then any parents) into {@code dir}.
     */
    public void writeTo(Path dir) throws IOException {
        requireNonNull(dir, "dir is null");
        Files.createDirectories(dir);
        Pem.writeSecret(
                dir.resolve(KEY_FILE), Pem.encode(Pem.PRIVATE_KEY, Certificates.encodePkcs8(keyPair.privateKey())));
        List<byte[]> chain = new ArrayList<>();
        chain.add(certificateDer);
        chain.addAll(parentChainDer);
        Pem.writePublic(dir.resolve(CERTIFICATE_FILE), Pem.encodeAll(Pem.CERTIFICATE, chain));
    }

    /**
     * Issues a node identity: a fresh Ed25519 key and a leaf certificate {@code CN=<nodeId>,O=<domain>} good for
     * signing and for TLS server and client authentication (SAN: localhost, the node id, 127.0.0.1), usable on
     * loopback or where the node id is the DNS name it is dialled by.
     */
    public SigningKey issueNode(String nodeId, Duration validity) {
        return issueNode(nodeId, validity, List.of());
    }

    /**
     * As {@link #issueNode(String, Duration)}, and the certificate also names {@code networkNames}: the DNS names
     * and IP addresses under which peers and clients reach the node beyond loopback (TLS clients check that the
     * name they dial is in the certificate).
     *
     * @throws IllegalArgumentException naming a value that is neither a DNS name nor an IP literal
     */
    public SigningKey issueNode(String nodeId, Duration validity, List<String> networkNames) {
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(validity, "validity is null");
        CertificateIssuer.checkName(nodeId, "node id");
        networkNames.forEach(CertificateIssuer::checkSubjectAltName);
        Ed25519KeyPair nodeKey = Ed25519KeyPair.generate();
        X509CertificateHolder leaf = CertificateIssuer.issue(
                certificate,
                keyPair,
                CertificateIssuer.name(nodeId, trustDomain),
                nodeKey.publicKey(),
                Instant.now(),
                validity,
                CertificateIssuer.Profile.NODE,
                List.copyOf(networkNames));
        return SigningKey.of(nodeKey, chainFor(Certificates.der(leaf)));
    }

    /**
     * Checks a name for {@link #issueNode(String, Duration, List)}: returns it when it is a DNS name or an IP
     * literal, throws {@link IllegalArgumentException} naming it otherwise.
     */
    public static String checkNetworkName(String name) {
        return CertificateIssuer.checkSubjectAltName(requireNonNull(name, "name is null"));
    }

    /**
     * Writes {@code <baseName>.key} (PKCS#8 PEM, owner-only; never over an existing file) and the certificate chain
     * {@code <baseName>.crt} (leaf first) into {@code dir}.
     */
    public static void writeSigningKey(SigningKey key, Path dir, String baseName) throws IOException {
        requireNonNull(key, "key is null");
        requireNonNull(dir, "dir is null");
        requireNonNull(baseName, "baseName is null");
        if (baseName.isBlank() || baseName.contains("/") || baseName.contains("\\")) {
            throw new IllegalArgumentException("baseName must be a plain file name, got '" + baseName + "'");
        }
        Files.createDirectories(dir);
        Pem.writeSecret(dir.resolve(baseName + ".key"), key.privateKeyPem());
        Pem.writePublic(dir.resolve(baseName + ".crt"), Pem.encodeAll(Pem.CERTIFICATE, key.certificateChainDer()));
    }

    public String trustDomain() {
        return trustDomain;
    }

    /** The CA certificate (DER): the trust anchor to hand to other domains when this CA is self-signed. */
    public byte[] certificateDer() {
        return certificateDer.clone();
    }

    X509CertificateHolder certificate() {
        return certificate;
    }

    Ed25519KeyPair keyPair() {
        return keyPair;
    }

    /** The chain for a leaf this CA issued: leaf, then this CA unless it is its own anchor (self-signed). */
    List<byte[]> chainFor(byte[] leafDer) {
        List<byte[]> chain = new ArrayList<>();
        chain.add(leafDer);
        if (!certificate.getSubject().equals(certificate.getIssuer())) {
            chain.add(certificateDer);
            chain.addAll(parentChainDer);
        }
        return chain;
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + trustDomain + ", " + Certificates.subject(certificate) + "]";
    }
}
