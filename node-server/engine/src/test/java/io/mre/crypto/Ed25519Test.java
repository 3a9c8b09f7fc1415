package io.mre.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Ed25519Test {
    private static final byte[] MESSAGE = "MRE-ENTRY-v1 hello".getBytes(StandardCharsets.UTF_8);

    private final Ed25519KeyPair keyPair = Ed25519KeyPair.generate();

    @Test
    void signAndVerify_roundTrip() {
        byte[] signature = Ed25519.sign(keyPair.privateKey(), keyPair.publicKey(), MESSAGE);

        assertThat(signature).hasSize(Ed25519.SIGNATURE_SIZE);
        assertThat(Ed25519.verify(keyPair.publicKey(), MESSAGE, signature)).isTrue();
        assertThat(Ed25519PublicKey.of(keyPair.publicKey()).verify(MESSAGE, signature))
                .isTrue();
    }

    @Test
    void sign_isDeterministicAndMatchesTheJdk() throws Exception {
        // RFC 8032 signatures are deterministic: the JDK's implementation must produce the same bytes.
        var jdk = java.security.Signature.getInstance("Ed25519");
        jdk.initSign(Certificates.toJdkPrivateKey(keyPair.privateKey()));
        jdk.update(MESSAGE);

        assertThat(Ed25519.sign(keyPair.privateKey(), keyPair.publicKey(), MESSAGE))
                .isEqualTo(jdk.sign());
    }

    @Test
    void verify_flippedMessageByte_false() {
        byte[] signature = Ed25519.sign(keyPair.privateKey(), keyPair.publicKey(), MESSAGE);
        byte[] tampered = MESSAGE.clone();
        tampered[3] ^= 1;

        assertThat(Ed25519.verify(keyPair.publicKey(), tampered, signature)).isFalse();
        assertThat(Ed25519PublicKey.of(keyPair.publicKey()).verify(tampered, signature))
                .isFalse();
    }

    @Test
    void verify_flippedSignatureByte_false() {
        byte[] signature = Ed25519.sign(keyPair.privateKey(), keyPair.publicKey(), MESSAGE);
        for (int index : new int[] {0, 31, 32, 63}) {
            byte[] tampered = signature.clone();
            tampered[index] ^= 1;

            assertThat(Ed25519.verify(keyPair.publicKey(), MESSAGE, tampered))
                    .as("byte %d", index)
                    .isFalse();
            assertThat(Ed25519PublicKey.of(keyPair.publicKey()).verify(MESSAGE, tampered))
                    .as("byte %d", index)
                    .isFalse();
        }
    }

    @Test
    void verify_wrongKey_false() {
        byte[] signature = Ed25519.sign(keyPair.privateKey(), keyPair.publicKey(), MESSAGE);
        byte[] otherKey = Ed25519KeyPair.generate().publicKey();

        assertThat(Ed25519.verify(otherKey, MESSAGE, signature)).isFalse();
        assertThat(Ed25519PublicKey.of(otherKey).verify(MESSAGE, signature)).isFalse();
    }

    @Test
    void verify_malformedLengths_falseNotException() {
        byte[] signature = Ed25519.sign(keyPair.privateKey(), keyPair.publicKey(), MESSAGE);
        Ed25519PublicKey publicKey = Ed25519PublicKey.of(keyPair.publicKey());

        assertThat(Ed25519.verify(new byte[31], MESSAGE, signature)).isFalse();
        assertThat(Ed25519.verify(new byte[0], MESSAGE, signature)).isFalse();
        assertThat(Ed25519.verify(keyPair.publicKey(), MESSAGE, new byte[63])).isFalse();
        assertThat(Ed25519.verify(keyPair.publicKey(), MESSAGE, new byte[65])).isFalse();
        assertThat(Ed25519.verify(keyPair.publicKey(), MESSAGE, new byte[0])).isFalse();
        assertThat(publicKey.verify(MESSAGE, new byte[63])).isFalse();
        assertThat(publicKey.verify(MESSAGE, new byte[0])).isFalse();
    }

    @Test
    void verify_notAPointPublicKey_falseNotException() {
        byte[] signature = Ed25519.sign(keyPair.privateKey(), keyPair.publicKey(), MESSAGE);
        byte[] garbage = new byte[32];
        java.util.Arrays.fill(garbage, (byte) 0xff);

        assertThat(Ed25519.verify(garbage, MESSAGE, signature)).isFalse();
    }

    @Test
    void publicKeyOf_invalidKey_refused() {
        assertThatThrownBy(() -> Ed25519PublicKey.of(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        // The identity point has small order: it would accept forged signatures, so full validation refuses it.
        byte[] identity = new byte[32];
        identity[0] = 1;
        assertThatThrownBy(() -> Ed25519PublicKey.of(identity)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyPair_mismatchedPublicKey_refused() {
        assertThatThrownBy(() -> new Ed25519KeyPair(
                        keyPair.privateKey(), Ed25519KeyPair.generate().publicKey()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not belong");
        assertThatThrownBy(() -> new Ed25519KeyPair(new byte[31], keyPair.publicKey()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyPair_toString_hidesPrivateKey() {
        String hex = java.util.HexFormat.of().formatHex(keyPair.privateKey());

        assertThat(keyPair.toString())
                .doesNotContain(hex)
                .contains(java.util.HexFormat.of().formatHex(keyPair.publicKey()));
    }

    @Test
    void keyPair_isDefensivelyCopied() {
        byte[] seed = keyPair.privateKey();
        seed[0] ^= 1;

        assertThat(keyPair.privateKey()).isNotEqualTo(seed);
        assertThat(Ed25519KeyPair.fromPrivateKey(keyPair.privateKey())).isEqualTo(keyPair);
    }
}
