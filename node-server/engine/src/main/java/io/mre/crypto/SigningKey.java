package io.mre.crypto;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * A node's (or an author's) signing identity: an Ed25519 key pair and the certificate chain that binds it to a node
 * id (the leaf's subject CN) in a trust domain (the leaf's subject O). Immutable and thread-safe.
 */
public final class SigningKey {
    private final String nodeId;
    private final String trustDomain;
    private final String keyId;
    private final Ed25519KeyPair keyPair;
    private final List<byte[]> chainDer;

    private SigningKey(String nodeId, String trustDomain, String keyId, Ed25519KeyPair keyPair, List<byte[]> chainDer) {
        this.nodeId = nodeId;
        this.trustDomain = trustDomain;
        this.keyId = keyId;
        this.keyPair = keyPair;
        this.chainDer = chainDer;
    }

    /**
     * A signing key from its key pair and certificate chain (DER, leaf first, trust anchor excluded).
     *
     * @throws IllegalArgumentException if the chain is empty or unreadable, the leaf lacks a CN or O, or certifies
     *         another key
     */
    public static SigningKey of(Ed25519KeyPair keyPair, List<byte[]> chainDer) {
        requireNonNull(keyPair, "keyPair is null");
        requireNonNull(chainDer, "chainDer is null");
        if (chainDer.isEmpty()) {
            throw new IllegalArgumentException("certificate chain is empty");
        }
        List<byte[]> chain = chainDer.stream()
                .map(der -> requireNonNull(der, "chainDer element is null").clone())
                .toList();
        chain.forEach(Certificates::parse);
        X509CertificateHolder leaf = Certificates.parse(chain.get(0));
        byte[] certified = Certificates.ed25519Key(leaf)
                .orElseThrow(() -> new IllegalArgumentException(
                        "leaf certificate holds a " + Certificates.keyAlgorithm(leaf) + " key, not Ed25519"));
        if (!Arrays.equals(certified, keyPair.publicKey())) {
            throw new IllegalArgumentException(
                    "leaf certificate " + Certificates.subject(leaf) + " certifies another key");
        }
        String subject = Certificates.subject(leaf);
        String nodeId = Certificates.commonName(leaf.getSubject())
                .orElseThrow(
                        () -> new IllegalArgumentException("leaf certificate subject has no single CN: " + subject));
        String trustDomain = Certificates.organization(leaf.getSubject())
                .orElseThrow(
                        () -> new IllegalArgumentException("leaf certificate subject has no single O: " + subject));
        return new SigningKey(nodeId, trustDomain, KeyIds.keyId(chain.get(0)), keyPair, chain);
    }

    /**
     * Loads a PKCS#8 PEM private key and a PEM certificate file (the leaf, then any intermediates).
     *
     * @throws IOException if a file cannot be read or does not hold what it should (the message names the file)
     */
    public static SigningKey load(Path privateKeyPem, Path certificatePem) throws IOException {
        requireNonNull(privateKeyPem, "privateKeyPem is null");
        requireNonNull(certificatePem, "certificatePem is null");
        Ed25519KeyPair keyPair = readKeyPair(privateKeyPem);
        List<byte[]> chain = Pem.read(certificatePem, Pem.CERTIFICATE);
        try {
            return of(keyPair, chain);
        } catch (IllegalArgumentException e) {
            throw new IOException(certificatePem + ": " + e.getMessage(), e);
        }
    }

    static Ed25519KeyPair readKeyPair(Path privateKeyPem) throws IOException {
        List<byte[]> keys = Pem.read(privateKeyPem, Pem.PRIVATE_KEY);
        if (keys.size() != 1) {
            throw new IOException(privateKeyPem + ": expected one PRIVATE KEY block, found " + keys.size());
        }
        try {
            return Ed25519KeyPair.fromPrivateKey(Certificates.decodePkcs8(keys.get(0)));
        } catch (IllegalArgumentException e) {
            throw new IOException(privateKeyPem + ": " + e.getMessage(), e);
        }
    }

    /** Signs {@code message} with this key (Ed25519). */
    public byte[] sign(byte[] message) {
        requireNonNull(message, "message is null");
        return keyPair.sign(message);
    }

    public String keyId() {
        return keyId;
    }

    public String nodeId() {
        return nodeId;
    }

    public String trustDomain() {
        return trustDomain;
    }

    public byte[] publicKey() {
        return keyPair.publicKey();
    }

    /** The certificate chain as DER, leaf first, trust anchor excluded. */
    public List<byte[]> certificateChainDer() {
        return chainDer.stream().map(byte[]::clone).toList();
    }

    /** The private key as a JDK object (for TLS key managers, e.g. gRPC's {@code GrpcSslContexts}). */
    public PrivateKey jdkPrivateKey() {
        return Certificates.toJdkPrivateKey(keyPair.privateKey());
    }

    /** The certificate chain as JDK objects, leaf first. */
    public List<X509Certificate> jdkCertificateChain() {
        return Certificates.toJdk(chainDer);
    }

    Ed25519KeyPair keyPair() {
        return keyPair;
    }

    /** PKCS#8 PEM of the private key (package-private: only key files are written from it). */
    String privateKeyPem() {
        return Pem.encode(Pem.PRIVATE_KEY, Certificates.encodePkcs8(keyPair.privateKey()));
    }

    @Override
    public String toString() {
        return "SigningKey[nodeId=" + nodeId + ", trustDomain=" + trustDomain + ", keyId=" + keyId + "]";
    }
}
