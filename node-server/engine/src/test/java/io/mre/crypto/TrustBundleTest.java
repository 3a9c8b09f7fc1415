package io.mre.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrustBundleTest {
    private static final String BUREAU = "bureau.example";
    private static final String INSURER = "insurer.example";
    private static final CertificateAuthority BUREAU_CA = CertificateAuthority.create(BUREAU, Duration.ofDays(365));
    private static final CertificateAuthority INSURER_CA = CertificateAuthority.create(INSURER, Duration.ofDays(365));

    private final TrustBundle bundle = TrustBundle.of(Map.of(
            BUREAU, List.of(BUREAU_CA.certificateDer()),
            INSURER, List.of(INSURER_CA.certificateDer())));

    @Test
    void validate_issuedNodeCertificate_chainsToItsCa() {
        SigningKey node = BUREAU_CA.issueNode("node-1", Duration.ofHours(1));

        ChainValidation result = bundle.validate(node.certificateChainDer(), BUREAU, Instant.now());

        assertThat(result)
                .isEqualTo(new ChainValidation.Valid(
                        new CertifiedKey(node.keyId(), "node-1", BUREAU, Ed25519PublicKey.of(node.publicKey()))));
        byte[] message = {1, 2, 3};
        assertThat(((ChainValidation.Valid) result).key().publicKey().verify(message, node.sign(message)))
                .isTrue();
    }

    @Test
    void validate_certificateOfAnotherDomainsCa_refusedNamingBothDomains() {
        SigningKey insurerNode = INSURER_CA.issueNode("node-9", Duration.ofHours(1));

        ChainValidation result = bundle.validate(insurerNode.certificateChainDer(), BUREAU, Instant.now());

        assertThat(invalidReason(result))
                .contains("chains to no trust anchor of domain " + BUREAU)
                .contains(INSURER)
                .contains(insurerNode.keyId());
    }

    @Test
    void validate_leafClaimingDomainButCertifiedByAnotherDomainsCa_refused() {
        // The insurer's CA forges a certificate claiming to be a bureau node: subject O is right, the anchor is not.
        SigningKey forged = TestCertificates.node(INSURER_CA, "node-1", BUREAU, Duration.ofHours(1));

        ChainValidation result = bundle.validate(forged.certificateChainDer(), BUREAU, Instant.now());

        assertThat(invalidReason(result))
                .contains("chains to no trust anchor of domain " + BUREAU)
                .contains("a trust anchor of domain " + INSURER);
    }

    @Test
    void validate_forgedIssuerNameWithoutCaSignature_refused() {
        // A self-made "CA" copying the bureau CA's name: the name matches an anchor, the signature cannot.
        CertificateAuthority impostor = CertificateAuthority.create(BUREAU, Duration.ofDays(1));
        SigningKey forged = impostor.issueNode("node-1", Duration.ofHours(1));

        ChainValidation result = bundle.validate(forged.certificateChainDer(), BUREAU, Instant.now());

        assertThat(invalidReason(result)).contains("chains to no trust anchor of domain " + BUREAU);
    }

    @Test
    void validate_leafOrganizationMismatch_refused() {
        SigningKey misnamed = TestCertificates.node(BUREAU_CA, "node-1", "other.example", Duration.ofHours(1));

        ChainValidation result = bundle.validate(misnamed.certificateChainDer(), BUREAU, Instant.now());

        assertThat(invalidReason(result)).contains("is for domain other.example, not the expected domain " + BUREAU);
    }

    @Test
    void validate_expiredCertificate_refusedAtLaterInstant() {
        SigningKey node = BUREAU_CA.issueNode("node-1", Duration.ofHours(1));

        ChainValidation result = bundle.validate(
                node.certificateChainDer(), BUREAU, Instant.now().plus(Duration.ofHours(2)));

        assertThat(invalidReason(result))
                .contains("certificate of key " + node.keyId())
                .contains("expired at");
    }

    @Test
    void validate_cachedChain_stillChecksValidityAtEachInstant() {
        SigningKey node = BUREAU_CA.issueNode("node-1", Duration.ofHours(1));
        Instant now = Instant.now();

        assertThat(bundle.validate(node.certificateChainDer(), BUREAU, now).isValid())
                .isTrue();
        assertThat(invalidReason(bundle.validate(node.certificateChainDer(), BUREAU, now.plus(Duration.ofHours(2)))))
                .contains("expired at");
        assertThat(invalidReason(bundle.validate(node.certificateChainDer(), BUREAU, now.minus(Duration.ofHours(1)))))
                .contains("is not valid before");
        assertThat(bundle.validate(node.certificateChainDer(), BUREAU, now).isValid())
                .isTrue();
    }

    @Test
    void validate_cachedChain_stillRefusedForAnotherDomain() {
        SigningKey node = BUREAU_CA.issueNode("node-1", Duration.ofHours(1));

        assertThat(bundle.validate(node.certificateChainDer(), BUREAU, Instant.now())
                        .isValid())
                .isTrue();
        assertThat(bundle.validate(node.certificateChainDer(), INSURER, Instant.now())
                        .isValid())
                .isFalse();
    }

    @Test
    void validate_cachedLeafWithAnotherChain_validatedAgain() {
        SigningKey node = BUREAU_CA.issueNode("node-1", Duration.ofHours(1));
        byte[] leaf = node.certificateChainDer().get(0);
        byte[] unrelated = INSURER_CA
                .issueNode("node-9", Duration.ofHours(1))
                .certificateChainDer()
                .get(0);

        assertThat(bundle.validate(List.of(leaf), BUREAU, Instant.now()).isValid())
                .isTrue();
        assertThat(invalidReason(bundle.validate(List.of(leaf, unrelated), BUREAU, Instant.now())))
                .contains("but is followed in the chain by");
    }

    @Test
    void validate_expiredTrustAnchor_refused() {
        CertificateAuthority shortLived = CertificateAuthority.create(BUREAU, Duration.ofHours(1));
        SigningKey node = shortLived.issueNode("node-1", Duration.ofDays(30));
        TrustBundle bundle = TrustBundle.ofCertificates(List.of(shortLived.certificateDer()));

        ChainValidation result = bundle.validate(
                node.certificateChainDer(), BUREAU, Instant.now().plus(Duration.ofDays(2)));

        assertThat(invalidReason(result)).contains("trust anchor").contains("expired at");
    }

    @Test
    void validate_nonCaIntermediate_refused() {
        SigningKey notACa = BUREAU_CA.issueNode("node-1", Duration.ofHours(1));
        SigningKey leaf = TestCertificates.signedBy(notACa, "node-2", BUREAU);

        ChainValidation result = bundle.validate(leaf.certificateChainDer(), BUREAU, Instant.now());

        assertThat(invalidReason(result)).contains("is not a CA certificate");
    }

    @Test
    void validate_caIntermediate_accepted() {
        SigningKey intermediate = TestCertificates.intermediateCa(BUREAU_CA, "bureau.example issuing CA");
        SigningKey leaf = TestCertificates.signedBy(intermediate, "node-2", BUREAU);

        ChainValidation result = bundle.validate(leaf.certificateChainDer(), BUREAU, Instant.now());

        assertThat(result.isValid()).as("%s", result).isTrue();
    }

    @Test
    void validate_intermediateMissingFromChain_refused() {
        SigningKey intermediate = TestCertificates.intermediateCa(BUREAU_CA, "bureau.example issuing CA");
        SigningKey leaf = TestCertificates.signedBy(intermediate, "node-2", BUREAU);

        ChainValidation result =
                bundle.validate(List.of(leaf.certificateChainDer().get(0)), BUREAU, Instant.now());

        assertThat(invalidReason(result)).contains("chains to no trust anchor of domain " + BUREAU);
    }

    @Test
    void validate_caCertificateAsLeaf_refused() {
        SigningKey intermediate = TestCertificates.intermediateCa(BUREAU_CA, "bureau.example issuing CA");

        ChainValidation result = bundle.validate(intermediate.certificateChainDer(), BUREAU, Instant.now());

        assertThat(invalidReason(result)).contains("is a CA certificate");
    }

    @Test
    void validate_tamperedCertificateSignature_refused() {
        byte[] leaf = BUREAU_CA
                .issueNode("node-1", Duration.ofHours(1))
                .certificateChainDer()
                .get(0);
        leaf[leaf.length - 1] ^= 1; // last byte of the signature value

        ChainValidation result = bundle.validate(List.of(leaf), BUREAU, Instant.now());

        assertThat(invalidReason(result)).contains("chains to no trust anchor of domain " + BUREAU);
    }

    @Test
    void validate_anySingleBitFlipInTheLeaf_refusedWithoutThrowing() {
        byte[] leaf = BUREAU_CA
                .issueNode("node-1", Duration.ofHours(1))
                .certificateChainDer()
                .get(0);
        Instant now = Instant.now();

        for (int i = 0; i < leaf.length; i++) {
            byte[] tampered = leaf.clone();
            tampered[i] ^= 0x01;
            assertThat(bundle.validate(List.of(tampered), BUREAU, now).isValid())
                    .as("bit flipped in byte %d", i)
                    .isFalse();
        }
    }

    @Test
    void validate_emptyOrGarbageChain_refused() {
        assertThat(invalidReason(bundle.validate(List.of(), BUREAU, Instant.now())))
                .isEqualTo("certificate chain is empty");
        assertThat(invalidReason(bundle.validate(List.of(new byte[] {0x30, 0x03, 1, 2, 3}), BUREAU, Instant.now())))
                .contains("is unreadable");
    }

    @Test
    void validate_unknownDomain_refusedSayingSo() {
        SigningKey node = BUREAU_CA.issueNode("node-1", Duration.ofHours(1));

        ChainValidation result = bundle.validate(node.certificateChainDer(), "nowhere.example", Instant.now());

        assertThat(invalidReason(result)).contains("no trust anchor is configured for domain nowhere.example");
    }

    @Test
    void of_domainNotMatchingCaOrganization_refused() {
        assertThatThrownBy(() -> TrustBundle.of(Map.of(INSURER, List.of(BUREAU_CA.certificateDer()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listed under " + INSURER);
    }

    @Test
    void of_nonCaCertificate_refused() {
        byte[] leaf = BUREAU_CA
                .issueNode("node-1", Duration.ofHours(1))
                .certificateChainDer()
                .get(0);

        assertThatThrownBy(() -> TrustBundle.ofCertificates(List.of(leaf)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a CA certificate");
    }

    @Test
    void domainsAndAnchors_listEveryDomain() {
        assertThat(bundle.domains()).containsExactly(BUREAU, INSURER);
        assertThat(bundle.anchors()).hasSize(2);
        assertThat(bundle.anchors(BUREAU))
                .singleElement()
                .satisfies(anchor ->
                        assertThat(anchor.getSubjectX500Principal().getName()).contains("O=" + BUREAU));
    }

    private static String invalidReason(ChainValidation result) {
        assertThat(result).isInstanceOf(ChainValidation.Invalid.class);
        return ((ChainValidation.Invalid) result).reason();
    }
}
