package io.mre.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {
    private static final CertificateAuthority CA = CertificateAuthority.create("bureau.example", Duration.ofDays(30));

    @Test
    void create_selfSignedCaCertificate() throws Exception {
        X509Certificate ca = Certificates.toJdk(CA.certificateDer());

        assertThat(CA.trustDomain()).isEqualTo("bureau.example");
        assertThat(ca.getSubjectX500Principal()).isEqualTo(ca.getIssuerX500Principal());
        assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=bureau.example CA,O=bureau.example");
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(ca.getKeyUsage()[6]).as("cRLSign").isTrue();
        assertThat(ca.getExtensionValue("2.5.29.14"))
                .as("subject key identifier")
                .isNotNull();
        ca.verify(ca.getPublicKey());
    }

    @Test
    void issueNode_leafProfileForSigningAndTls() throws Exception {
        SigningKey node = CA.issueNode("node-1", Duration.ofHours(1));
        X509Certificate leaf = node.jdkCertificateChain().get(0);
        Instant before = Instant.now();

        assertThat(node.nodeId()).isEqualTo("node-1");
        assertThat(node.trustDomain()).isEqualTo("bureau.example");
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=node-1,O=bureau.example");
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(leaf.getKeyUsage()[5]).as("keyCertSign").isFalse();
        assertThat(leaf.getExtendedKeyUsage()).containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(leaf.getSubjectAlternativeNames())
                .containsExactlyInAnyOrder(List.of(2, "localhost"), List.of(2, "node-1"), List.of(7, "127.0.0.1"));
        assertThat(leaf.getSerialNumber().signum()).isPositive();
        assertThat(leaf.getSerialNumber().bitLength()).isEqualTo(128);
        assertThat(leaf.getNotBefore().toInstant()).isBefore(before.minusSeconds(50));
        leaf.verify(Certificates.toJdk(CA.certificateDer()).getPublicKey());
    }

    @Test
    void issueNode_withNetworkNames_namesEachOnceBesidesTheLoopbackNames() throws Exception {
        SigningKey node = CA.issueNode(
                "node-1",
                Duration.ofHours(1),
                List.of("node-1.bureau.example", "10.0.0.7", "2001:db8::7", "NODE-1", "127.0.0.1"));

        assertThat(node.jdkCertificateChain().get(0).getSubjectAlternativeNames())
                .containsExactly(
                        List.of(2, "localhost"),
                        List.of(2, "node-1"),
                        List.of(7, "127.0.0.1"),
                        List.of(2, "node-1.bureau.example"),
                        List.of(7, "10.0.0.7"),
                        List.of(7, "2001:db8:0:0:0:0:0:7"));
    }

    @Test
    void issueNode_networkNameThatIsNeitherDnsNorIp_refusedNamingIt() {
        for (String bad :
                List.of("bad name", "-lead.example", "a..b", "x".repeat(64) + ".example", "10.0.0.256:7443")) {
            assertThatThrownBy(() -> CA.issueNode("node-1", Duration.ofHours(1), List.of(bad)))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void issueNode_chainExcludesTheAnchor() {
        SigningKey node = CA.issueNode("node-1", Duration.ofHours(1));

        assertThat(node.certificateChainDer()).hasSize(1);
    }

    @Test
    void issueNode_freshKeyAndSerialEachTime() {
        SigningKey a = CA.issueNode("node-1", Duration.ofHours(1));
        SigningKey b = CA.issueNode("node-1", Duration.ofHours(1));

        assertThat(a.keyId()).isNotEqualTo(b.keyId());
        assertThat(a.publicKey()).isNotEqualTo(b.publicKey());
    }

    @Test
    void issueNode_badNamesOrValidity_refused() {
        assertThatThrownBy(() -> CA.issueNode("node 1,O=evil", Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("node id");
        assertThatThrownBy(() -> CA.issueNode("node-1", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("validity");
        assertThatThrownBy(() -> CertificateAuthority.create("", Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trust domain");
    }
}
