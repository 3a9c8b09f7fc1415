package io.mre.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A client identity from the files {@code mre keys init --client NAME} writes, with the JDK alone: a PKCS#8 PEM
 * private key ({@code PRIVATE KEY}, Ed25519; EC and RSA keys are read too) and a PEM certificate chain, leaf first,
 * whose leaf must certify that key.
 */
final class ClientKeys {
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";
    private static final String[] KEY_ALGORITHMS = {"Ed25519", "EC", "RSA"};

    private ClientKeys() {}

    /** The private key in {@code file}: exactly one {@code PRIVATE KEY} block; the message names the file. */
    static PrivateKey privateKey(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        int blocks = text.split(BEGIN, -1).length - 1;
        if (blocks != 1) {
            throw new IOException(file + ": expected one PRIVATE KEY block, found " + blocks);
        }
        int start = text.indexOf(BEGIN) + BEGIN.length();
        int stop = text.indexOf(END, start);
        if (stop < 0) {
            throw new IOException(file + ": unterminated PEM block PRIVATE KEY");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(start, stop));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": PEM block PRIVATE KEY is not valid base64", e);
        }
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next
            }
        }
        throw new IOException(file + ": not a PKCS#8 Ed25519, EC or RSA private key");
    }

    /** The certificates in {@code file}, in order (leaf first); the message names the file. */
    static List<X509Certificate> chain(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                chain.add((X509Certificate) c);
            }
            if (chain.isEmpty()) {
                throw new IOException(file + ": no PEM block CERTIFICATE");
            }
            return List.copyOf(chain);
        } catch (CertificateException e) {
            throw new IOException(file + ": not a PEM certificate file (" + e.getMessage() + ")", e);
        }
    }

    /** Checks that {@code leaf} certifies {@code key} (a signature made with the key verifies with the leaf's). */
    static void checkPair(PrivateKey key, X509Certificate leaf, Path certificateFile) throws IOException {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> key.getAlgorithm(); // Ed25519 (or EdDSA)
        };
        byte[] probe = "mre client identity".getBytes(StandardCharsets.US_ASCII);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new IOException(certificateFile + ": leaf certificate "
                    + leaf.getSubjectX500Principal().getName() + " certifies another key");
        }
    }
}
