package io.mre.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client reads its TLS identity with the JDK alone (no Bouncy Castle). The key and certificates under
 * {@code src/test/resources/tls} were made with openssl: {@code genpkey -algorithm ed25519} and a self-signed
 * {@code req -x509} (client.alpha / alpha.example, node localhost); {@code other.key} is a second, unrelated key.
 */
class ClientKeysTest {
    static final Path TLS = Path.of("src/test/resources/tls");

    @TempDir
    Path dir;

    @Test
    void ed25519Pkcs8KeyAndItsCertificate_load() throws IOException {
        PrivateKey key = ClientKeys.privateKey(TLS.resolve("client.key"));
        List<X509Certificate> chain = ClientKeys.chain(TLS.resolve("client.crt"));

        ClientKeys.checkPair(key, chain.get(0), TLS.resolve("client.crt"));

        assertThat(key.getAlgorithm()).isIn("Ed25519", "EdDSA");
        assertThat(chain)
                .singleElement()
                .extracting(c -> c.getSubjectX500Principal().getName())
                .isEqualTo("O=alpha.example,CN=client.alpha");
    }

    @Test
    void aCertificateOfAnotherKey_isRefusedNamingTheFile() throws IOException {
        PrivateKey other = ClientKeys.privateKey(TLS.resolve("other.key"));
        X509Certificate leaf = ClientKeys.chain(TLS.resolve("client.crt")).get(0);

        assertThatThrownBy(() -> ClientKeys.checkPair(other, leaf, TLS.resolve("client.crt")))
                .isInstanceOf(IOException.class)
                .hasMessage(TLS.resolve("client.crt") + ": leaf certificate O=alpha.example,CN=client.alpha"
                        + " certifies another key");
    }

    @Test
    void aKeyFileWithoutAKey_isRefusedNamingTheFile() throws IOException {
        Path notAKey = Files.writeString(dir.resolve("client.key"), "hello\n");
        Path twoKeys = Files.writeString(
                dir.resolve("two.key"),
                Files.readString(TLS.resolve("client.key")) + Files.readString(TLS.resolve("other.key")));
        Path garbled = Files.writeString(
                dir.resolve("garbled.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> ClientKeys.privateKey(notAKey))
                .isInstanceOf(IOException.class)
                .hasMessage(notAKey + ": expected one PRIVATE KEY block, found 0");
        assertThatThrownBy(() -> ClientKeys.privateKey(twoKeys))
                .isInstanceOf(IOException.class)
                .hasMessage(twoKeys + ": expected one PRIVATE KEY block, found 2");
        assertThatThrownBy(() -> ClientKeys.privateKey(garbled))
                .isInstanceOf(IOException.class)
                .hasMessage(garbled + ": not a PKCS#8 Ed25519, EC or RSA private key");
    }

    @Test
    void aCertificateFileWithoutCertificates_isRefusedNamingTheFile() throws IOException {
        Path empty = Files.writeString(dir.resolve("client.crt"), "");

        assertThatThrownBy(() -> ClientKeys.chain(empty))
                .isInstanceOf(IOException.class)
                .hasMessage(empty + ": no PEM block CERTIFICATE");
    }
}
