package io.mre.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SigningKeyTest {
    private static final CertificateAuthority CA = CertificateAuthority.create("bureau.example", Duration.ofDays(30));
    private static final byte[] MESSAGE = "MRE-ENTRY-v1 payload".getBytes(StandardCharsets.UTF_8);

    private final SigningKey key = CA.issueNode("node-1", Duration.ofHours(1));

    @Test
    void keyId_stableAnd32LowercaseHex() {
        byte[] leaf = key.certificateChainDer().get(0);

        assertThat(key.keyId()).matches("[0-9a-f]{32}");
        assertThat(KeyIds.keyId(leaf)).isEqualTo(key.keyId()).isEqualTo(KeyIds.keyId(leaf.clone()));
        assertThat(SigningKey.of(key.keyPair(), key.certificateChainDer()).keyId())
                .isEqualTo(key.keyId());
        assertThat(KeyIds.keyId(CA.certificateDer())).isNotEqualTo(key.keyId());
    }

    @Test
    void keyId_isSha256PrefixOfTheLeaf() throws Exception {
        byte[] leaf = key.certificateChainDer().get(0);
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(leaf);

        assertThat(key.keyId()).isEqualTo(java.util.HexFormat.of().formatHex(digest, 0, 16));
    }

    @Test
    void sign_verifiesWithTheCertifiedKey() {
        byte[] signature = key.sign(MESSAGE);
        byte[] certified = key.jdkCertificateChain().get(0).getPublicKey().getEncoded();

        assertThat(Ed25519.verify(key.publicKey(), MESSAGE, signature)).isTrue();
        // X.509 SubjectPublicKeyInfo of Ed25519 ends with the raw 32-byte key.
        assertThat(java.util.Arrays.copyOfRange(certified, certified.length - 32, certified.length))
                .isEqualTo(key.publicKey());
    }

    @Test
    void jdkPrivateKey_signsWhatEd25519Verifies() throws Exception {
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initSign(key.jdkPrivateKey());
        jdk.update(MESSAGE);

        assertThat(key.jdkPrivateKey().getAlgorithm()).isIn("Ed25519", "EdDSA");
        assertThat(Ed25519.verify(key.publicKey(), MESSAGE, jdk.sign())).isTrue();
    }

    @Test
    void jdkCertificateChain_verifiesWhatSigningKeySigns() throws Exception {
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initVerify(key.jdkCertificateChain().get(0).getPublicKey());
        jdk.update(MESSAGE);

        assertThat(jdk.verify(key.sign(MESSAGE))).isTrue();
        assertThat(key.jdkCertificateChain()).hasSize(1);
    }

    @Test
    void of_chainCertifyingAnotherKey_refused() {
        assertThatThrownBy(() -> SigningKey.of(Ed25519KeyPair.generate(), key.certificateChainDer()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("certifies another key");
        assertThatThrownBy(() -> SigningKey.of(key.keyPair(), List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toString_hidesKeyMaterial() {
        assertThat(key.toString())
                .contains(key.keyId())
                .doesNotContain(java.util.HexFormat.of().formatHex(key.keyPair().privateKey()));
    }
}
