package io.mre.engine.verify;

import static io.mre.engine.fixtures.TestMesh.ALPHA_1;
import static io.mre.engine.fixtures.TestMesh.ALPHA_2;
import static io.mre.engine.fixtures.TestMesh.NOOP;
import static io.mre.engine.fixtures.TestMesh.create;
import static io.mre.engine.fixtures.TestMesh.plan;
import static io.mre.engine.fixtures.TestMesh.submit;
import static io.mre.engine.fixtures.Violations.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.mre.crypto.CertificateAuthority;
import io.mre.engine.Engine;
import io.mre.engine.MreException;
import io.mre.engine.codec.Digests;
import io.mre.engine.fixtures.FakeClock;
import io.mre.engine.fixtures.Forger;
import io.mre.engine.fixtures.RecordingHandler;
import io.mre.engine.fixtures.TestMesh;
import io.mre.engine.object.ObjectFactory;
import io.mre.errors.ErrorCode;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.HeaderEnvelope;
import io.mre.proto.v1.SignerCertificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The integrity rules beyond the tamper catalogue: termination, signer lookup, malformed entries, the header. */
class VerifierRulesTest {
    private final FakeClock clock = new FakeClock();
    private final Engine origin = TestMesh.engine(ALPHA_1, clock)
            .handlers(RecordingHandler.noop(NOOP))
            .build();
    private final Engine receiver = TestMesh.engine(ALPHA_2, clock)
            .handlers(RecordingHandler.noop(NOOP))
            .build();
    private final ExecutableObject completed =
            submit(origin, create(plan("a", "b"), clock)).object().object();

    @Test
    void verify_honestObject_returnsWhatItDecoded() {
        VerifiedObject verified = receiver.verify(completed);

        assertThat(verified.entries()).extracting(e -> e.getSeq()).containsExactly(0L, 1L, 2L);
        assertThat(verified.headHash().toByteArray())
                .isEqualTo(Digests.entryHash(completed.getMemory().getEntries(2)));
        assertThat(verified.intentDigest().toByteArray()).isEqualTo(Digests.intentDigest(completed.getIntent()));
    }

    @Test
    void entryAfterTermination_refused() {
        List<EntryEnvelope> envelopes = new ArrayList<>(completed.getMemory().getEntriesList());
        envelopes.add(envelopes.get(2));
        ExecutableObject extended = Forger.reseal(Forger.withEnvelopes(completed, envelopes), 3, (i, e) -> e.setSeq(i));

        assertRefused(receiver, extended, IntegrityRule.ENTRY_AFTER_TERMINATION, 3);
    }

    @Test
    void prevHashBrokenInTheMiddle_chainBroken() {
        ExecutableObject tampered = Forger.reseal(completed, 1, (i, e) -> {
            if (i == 1) {
                e.setPrevHash(ByteString.copyFrom(
                        Digests.headerDigest(completed.getHeader().getHeader())));
            }
        });

        assertRefused(receiver, tampered, IntegrityRule.CHAIN_BROKEN, 1);
    }

    @Test
    void signerMissingFromSignersSection_signerUnknown() {
        ExecutableObject tampered = completed.toBuilder()
                .clearSigners()
                .addAllSigners(completed.getSignersList().stream()
                        .filter(s -> !s.getKeyId().equals(ALPHA_1.keyId()))
                        .toList())
                .build();

        assertRefused(receiver, tampered, IntegrityRule.SIGNER_UNKNOWN, 0);
    }

    @Test
    void certificateListedUnderAnotherKeysId_signerUnknown() {
        List<SignerCertificate> signers = new ArrayList<>();
        for (SignerCertificate s : completed.getSignersList()) {
            signers.add(
                    s.getKeyId().equals(ALPHA_1.keyId())
                            ? ObjectFactory.signerCertificate(ALPHA_2).toBuilder()
                                    .setKeyId(ALPHA_1.keyId())
                                    .build()
                            : s);
        }
        ExecutableObject tampered =
                completed.toBuilder().clearSigners().addAllSigners(signers).build();

        assertRefused(receiver, tampered, IntegrityRule.SIGNER_UNKNOWN, 0);
    }

    @Test
    void entryClaimingAnotherNodeOfTheSameDomain_signerNotTrusted() {
        ExecutableObject tampered = Forger.reseal(
                completed,
                1,
                (i, e) -> {
                    if (i == 1) {
                        e.getNodeBuilder().setNodeId(ALPHA_2.nodeId());
                    }
                },
                e -> ALPHA_1);

        assertThat(assertRefused(receiver, tampered, IntegrityRule.SIGNER_NOT_TRUSTED, 1)
                        .getMessage())
                .contains("claims node 'alpha-2'");
    }

    @Test
    void entryBytesThatAreNotAnEntry_entryMalformed() {
        ExecutableObject tampered = Forger.editEnvelope(
                completed,
                1,
                env -> env.toBuilder()
                        .setEntry(ByteString.copyFrom(new byte[] {0x0A, 0x7F, 0x01}))
                        .build());

        assertRefused(receiver, tampered, IntegrityRule.ENTRY_MALFORMED, 1);
    }

    @Test
    void entryWithoutNode_entryMalformed() {
        ExecutableObject tampered = Forger.reseal(
                completed,
                1,
                (i, e) -> {
                    if (i == 1) {
                        e.clearNode();
                    }
                },
                e -> ALPHA_1);

        assertThat(assertRefused(receiver, tampered, IntegrityRule.ENTRY_MALFORMED, 1)
                        .getMessage())
                .contains("node");
    }

    @Test
    void headerChangedAfterSigning_headerSignatureInvalidWithoutSeq() {
        HeaderEnvelope header = completed.getHeader();
        ExecutableObject tampered = completed.toBuilder()
                .setHeader(header.toBuilder()
                        .setHeader(Forger.flip(
                                header.getHeader(), header.getHeader().size() - 40, 0x01)))
                .build();

        assertThatThrownBy(() -> receiver.verify(tampered)).isInstanceOfSatisfying(MreException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INTEGRITY_VIOLATION);
            assertThat(e.metadata())
                    .containsEntry("rule", IntegrityRule.HEADER_SIGNATURE_INVALID.name())
                    .doesNotContainKey("seq");
            assertThat(e.getMessage()).contains("at header");
        });
    }

    @Test
    void headerSignedByAnUntrustedAuthor_headerSignatureInvalid() {
        var stranger = CertificateAuthority.create("stranger.example", Duration.ofDays(1))
                .issueNode("author", Duration.ofDays(1));
        ExecutableObject object = ObjectFactory.create(
                plan("a"),
                completed.getContext(),
                io.mre.proto.v1.Origin.newBuilder()
                        .setAuthor("author")
                        .setTrustDomain("stranger.example")
                        .build(),
                java.util.Optional.of(stranger),
                clock);

        assertThatThrownBy(() -> receiver.verify(object))
                .isInstanceOfSatisfying(
                        MreException.class,
                        e -> assertThat(e.metadata())
                                .containsEntry("rule", IntegrityRule.HEADER_SIGNATURE_INVALID.name()));
    }

    @Test
    void headerSignedByAnotherNodeThanOriginAuthor_headerSignatureInvalid() {
        ExecutableObject byAuthor = ObjectFactory.create(
                plan("a"),
                completed.getContext(),
                io.mre.proto.v1.Origin.newBuilder()
                        .setAuthor("author")
                        .setTrustDomain(TestMesh.ALPHA)
                        .build(),
                java.util.Optional.of(TestMesh.AUTHOR),
                clock);
        io.mre.proto.v1.Header claimed = TestMesh.header(byAuthor).toBuilder()
                .setOrigin(
                        io.mre.proto.v1.Origin.newBuilder().setAuthor("mallory").setTrustDomain(TestMesh.ALPHA))
                .build();
        // Re-signed by a trusted key of the same domain whose certificate names 'author', not 'mallory'.
        ExecutableObject forged = byAuthor.toBuilder()
                .setHeader(HeaderEnvelope.newBuilder()
                        .setHeader(claimed.toByteString())
                        .addSignatures(io.mre.proto.v1.Signature.newBuilder()
                                .setKeyId(TestMesh.AUTHOR.keyId())
                                .setSignature(ByteString.copyFrom(
                                        TestMesh.AUTHOR.sign(Digests.headerSigningInput(claimed.toByteString()))))))
                .build();

        assertThat(receiver.verify(byAuthor).header().getOrigin().getAuthor()).isEqualTo("author");
        assertThatThrownBy(() -> receiver.verify(forged)).isInstanceOfSatisfying(MreException.class, e -> {
            assertThat(e.metadata()).containsEntry("rule", IntegrityRule.HEADER_SIGNATURE_INVALID.name());
            assertThat(e.getMessage()).contains("origin.author is 'mallory'").contains("key of 'author'");
        });
    }

    @Test
    void objectFactory_signerIsNotOriginAuthor_refusedAtCreation() {
        assertThatThrownBy(() -> ObjectFactory.create(
                        plan("a"),
                        completed.getContext(),
                        io.mre.proto.v1.Origin.newBuilder()
                                .setAuthor("mallory")
                                .setTrustDomain(TestMesh.ALPHA)
                                .build(),
                        java.util.Optional.of(TestMesh.AUTHOR),
                        clock))
                .isInstanceOfSatisfying(MreException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("origin.author 'mallory' is not the signer 'author'");
                });
    }

    @Test
    void intentChangedBeforeTheFirstEntry_refusedAtTheHeader() {
        ExecutableObject fresh = create(plan("a"), clock);
        ExecutableObject tampered = fresh.toBuilder().setIntent(plan("a", "b")).build();

        assertThatThrownBy(() -> receiver.verify(tampered)).isInstanceOfSatisfying(MreException.class, e -> {
            assertThat(e.metadata())
                    .containsEntry("rule", IntegrityRule.INTENT_CHANGED_WITHOUT_MUTATE.name())
                    .doesNotContainKey("seq");
            assertThat(e.getMessage()).contains("in the header");
        });
    }
}
