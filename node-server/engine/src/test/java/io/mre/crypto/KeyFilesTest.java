package io.mre.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {
    @TempDir
    Path dir;

    @Test
    void writeAndLoad_caNodeKeyAndTrustBundle_roundTrip() throws IOException {
        CertificateAuthority ca = CertificateAuthority.create("bureau.example", Duration.ofDays(30));
        ca.writeTo(dir.resolve("ca"));
        CertificateAuthority loadedCa = CertificateAuthority.load(dir.resolve("ca/ca.key"), dir.resolve("ca/ca.crt"));
        SigningKey node = loadedCa.issueNode("node-1", Duration.ofHours(1));
        CertificateAuthority.writeSigningKey(node, dir.resolve("node"), "node-1");
        Files.createDirectories(dir.resolve("trust"));
        Files.copy(dir.resolve("ca/ca.crt"), dir.resolve("trust/bureau.crt"));

        SigningKey loadedNode = SigningKey.load(dir.resolve("node/node-1.key"), dir.resolve("node/node-1.crt"));
        TrustBundle bundle = TrustBundle.load(dir.resolve("trust"));

        assertThat(loadedCa.certificateDer()).isEqualTo(ca.certificateDer());
        assertThat(loadedCa.trustDomain()).isEqualTo("bureau.example");
        assertThat(loadedNode.keyId()).isEqualTo(node.keyId());
        assertThat(loadedNode.nodeId()).isEqualTo("node-1");
        assertThat(loadedNode.publicKey()).isEqualTo(node.publicKey());
        assertThat(bundle.domains()).containsExactly("bureau.example");
        assertThat(bundle.validate(loadedNode.certificateChainDer(), "bureau.example", Instant.now())
                        .isValid())
                .isTrue();
        byte[] message = {42};
        assertThat(Ed25519.verify(node.publicKey(), message, loadedNode.sign(message)))
                .isTrue();
    }

    @Test
    void writeSigningKey_privateKeyOwnerOnly() throws IOException {
        CertificateAuthority ca = CertificateAuthority.create("bureau.example", Duration.ofDays(30));
        CertificateAuthority.writeSigningKey(ca.issueNode("node-1", Duration.ofHours(1)), dir, "node-1");
        ca.writeTo(dir);

        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("node-1.key"))))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.key"))))
                    .isEqualTo("rw-------");
        }
        assertThat(Files.readString(dir.resolve("node-1.key"))).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(Files.readString(dir.resolve("node-1.crt"))).startsWith("-----BEGIN CERTIFICATE-----\n");
    }

    @Test
    void writeTo_existingKey_notOverwritten() throws IOException {
        CertificateAuthority.create("bureau.example", Duration.ofDays(30)).writeTo(dir);
        String before = Files.readString(dir.resolve("ca.key"));

        assertThatThrownBy(() -> CertificateAuthority.create("bureau.example", Duration.ofDays(30))
                        .writeTo(dir))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(dir.resolve("ca.key"))).isEqualTo(before);
    }

    @Test
    void trustBundleLoad_severalDomainsAndSeveralCertificatesPerFile() throws IOException {
        CertificateAuthority bureau = CertificateAuthority.create("bureau.example", Duration.ofDays(30));
        CertificateAuthority insurer = CertificateAuthority.create("insurer.example", Duration.ofDays(30));
        CertificateAuthority bureauNext = CertificateAuthority.create("bureau.example", Duration.ofDays(60));
        Files.writeString(
                dir.resolve("bureau.pem"),
                Pem.encode(Pem.CERTIFICATE, bureau.certificateDer())
                        + Pem.encode(Pem.CERTIFICATE, bureauNext.certificateDer()));
        Files.writeString(dir.resolve("insurer.crt"), Pem.encode(Pem.CERTIFICATE, insurer.certificateDer()));
        Files.writeString(dir.resolve("README.txt"), "not a certificate");

        TrustBundle bundle = TrustBundle.load(dir);

        assertThat(bundle.domains()).containsExactly("bureau.example", "insurer.example");
        assertThat(bundle.anchors("bureau.example")).hasSize(2);
        SigningKey rolledOver = bureauNext.issueNode("node-2", Duration.ofHours(1));
        assertThat(bundle.validate(rolledOver.certificateChainDer(), "bureau.example", Instant.now())
                        .isValid())
                .isTrue();
    }

    @Test
    void trustBundleLoad_unreadableFile_errorNamesTheFile() throws IOException {
        Files.writeString(dir.resolve("broken.crt"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> TrustBundle.load(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("broken.crt");
    }

    @Test
    void trustBundleLoad_fileWithoutCertificate_errorNamesTheFile() throws IOException {
        Files.writeString(dir.resolve("empty.pem"), "nothing here");

        assertThatThrownBy(() -> TrustBundle.load(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("empty.pem");
    }

    @Test
    void signingKeyLoad_keyNotMatchingCertificate_errorNamesTheFile() throws IOException {
        CertificateAuthority ca = CertificateAuthority.create("bureau.example", Duration.ofDays(30));
        CertificateAuthority.writeSigningKey(ca.issueNode("node-1", Duration.ofHours(1)), dir, "a");
        CertificateAuthority.writeSigningKey(ca.issueNode("node-2", Duration.ofHours(1)), dir, "b");

        assertThatThrownBy(() -> SigningKey.load(dir.resolve("a.key"), dir.resolve("b.crt")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("b.crt")
                .hasMessageContaining("certifies another key");
    }

    @Test
    void signingKeyLoad_jdkWrittenPkcs8_accepted() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("bureau.example", Duration.ofDays(30));
        SigningKey node = ca.issueNode("node-1", Duration.ofHours(1));
        // A key exported by the JDK (or openssl) must load the same as one we wrote.
        Files.writeString(
                dir.resolve("jdk.key"),
                Pem.encode(Pem.PRIVATE_KEY, node.jdkPrivateKey().getEncoded()));
        Files.writeString(dir.resolve("node.crt"), Pem.encodeAll(Pem.CERTIFICATE, node.certificateChainDer()));

        assertThat(SigningKey.load(dir.resolve("jdk.key"), dir.resolve("node.crt"))
                        .keyId())
                .isEqualTo(node.keyId());
    }
}
