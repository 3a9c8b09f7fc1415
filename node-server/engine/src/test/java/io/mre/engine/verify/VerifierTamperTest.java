package io.mre.engine.verify;

import static io.mre.engine.fixtures.TestMesh.ALPHA;
import static io.mre.engine.fixtures.TestMesh.ALPHA_1;
import static io.mre.engine.fixtures.TestMesh.ALPHA_2;
import static io.mre.engine.fixtures.TestMesh.BETA;
import static io.mre.engine.fixtures.TestMesh.BETA_CA;
import static io.mre.engine.fixtures.TestMesh.NOOP;
import static io.mre.engine.fixtures.TestMesh.create;
import static io.mre.engine.fixtures.TestMesh.plan;
import static io.mre.engine.fixtures.TestMesh.submit;
import static io.mre.engine.fixtures.Violations.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.mre.crypto.CertificateAuthority;
import io.mre.crypto.SigningKey;
import io.mre.engine.Engine;
import io.mre.engine.Visit;
import io.mre.engine.codec.Digests;
import io.mre.engine.fixtures.FakeClock;
import io.mre.engine.fixtures.Forger;
import io.mre.engine.fixtures.RecordingHandler;
import io.mre.engine.fixtures.TestMesh;
import io.mre.proto.v1.Context;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One tamper per integrity rule of docs/object-format.md, against a real object: six steps, five of them executed and signed
 * by alpha-1 (seq 0-4), still active. A receiving node (alpha-2) would run the sixth step; each tamper must make
 * it refuse the object at verification, naming the rule and the first bad entry, and run nothing.
 */
class VerifierTamperTest {
    private static final int MIDDLE = 2;

    private final FakeClock clock = new FakeClock();
    private final RecordingHandler receiverHandler = RecordingHandler.noop(NOOP);
    private final Engine receiver =
            TestMesh.engine(ALPHA_2, clock).handlers(receiverHandler).build();
    private ExecutableObject honest;
    private byte[] honestBytes;

    @BeforeEach
    void runFiveCycles() {
        Engine origin = TestMesh.engine(ALPHA_1, clock)
                .handlers(RecordingHandler.noop(NOOP))
                .maxCyclesPerVisit(5)
                .build();
        Visit visit = submit(origin, create(plan("a", "b", "c", "d", "e", "f"), clock));
        assertThat(visit.exit()).isEqualTo(Visit.Exit.BUDGET_SPENT);
        honest = visit.object().object();
        honestBytes = honest.toByteArray();
        assertThat(honest.getMemory().getEntriesCount()).isEqualTo(5);
    }

    @AfterEach
    void nothingRanAndTheOriginalIsIntact() {
        assertThat(receiverHandler.calls()).isZero();
        assertThat(honest.toByteArray()).isEqualTo(honestBytes);
    }

    @Test
    void honestObject_isAcceptedAndRuns() {
        Visit visit = submit(
                TestMesh.engine(ALPHA_2, clock)
                        .handlers(RecordingHandler.noop(NOOP))
                        .build(),
                honest);

        assertThat(visit.appended()).hasSize(2);
        assertThat(visit.exit()).isEqualTo(Visit.Exit.TERMINATED);
    }

    @Test
    void flippedByteInsideEntry_signatureInvalid() {
        ExecutableObject tampered = Forger.editEnvelope(honest, MIDDLE, env -> {
            int at = indexOf(env.getEntry(), TestMesh.decode(env).getIntentDigest());
            return env.toBuilder()
                    .setEntry(Forger.flip(env.getEntry(), at + 5, 0x01))
                    .build();
        });

        assertRefused(receiver, tampered, IntegrityRule.SIGNATURE_INVALID, MIDDLE);
    }

    @Test
    void alteredSignature_signatureInvalid() {
        ExecutableObject tampered = Forger.editEnvelope(honest, MIDDLE, env -> {
            Signature s = env.getSignatures(0);
            return env.toBuilder()
                    .setSignatures(0, s.toBuilder().setSignature(Forger.flip(s.getSignature(), 10, 0x80)))
                    .build();
        });

        assertRefused(receiver, tampered, IntegrityRule.SIGNATURE_INVALID, MIDDLE);
    }

    @Test
    void entryRemovedFromTheMiddle_seqNotContiguous() {
        List<EntryEnvelope> envelopes = new ArrayList<>(honest.getMemory().getEntriesList());
        envelopes.remove(MIDDLE);

        assertRefused(receiver, Forger.withEnvelopes(honest, envelopes), IntegrityRule.SEQ_NOT_CONTIGUOUS, MIDDLE);
    }

    @Test
    void twoEntriesSwapped_seqNotContiguous() {
        List<EntryEnvelope> envelopes = new ArrayList<>(honest.getMemory().getEntriesList());
        EntryEnvelope moved = envelopes.set(MIDDLE, envelopes.get(MIDDLE + 1));
        envelopes.set(MIDDLE + 1, moved);

        assertRefused(receiver, Forger.withEnvelopes(honest, envelopes), IntegrityRule.SEQ_NOT_CONTIGUOUS, MIDDLE);
    }

    @Test
    void entrySplicedInFromAnotherObject_objectIdMismatch() {
        Engine origin = TestMesh.engine(ALPHA_1, clock)
                .handlers(RecordingHandler.noop(NOOP))
                .maxCyclesPerVisit(5)
                .build();
        ExecutableObject other = submit(origin, create(plan("a", "b", "c", "d", "e", "f"), clock))
                .object()
                .object();
        EntryEnvelope foreign = other.getMemory().getEntries(MIDDLE);

        ExecutableObject tampered = Forger.editEnvelope(honest, MIDDLE, env -> foreign);

        assertRefused(receiver, tampered, IntegrityRule.OBJECT_ID_MISMATCH, MIDDLE);
    }

    @Test
    void carriedIntentChangedWithoutMutate_intentChanged() {
        ExecutableObject tampered = honest.toBuilder()
                .setIntent(honest.getIntent().toBuilder().setVersion("2"))
                .build();

        assertRefused(receiver, tampered, IntegrityRule.INTENT_CHANGED_WITHOUT_MUTATE, 4);
    }

    @Test
    void intentChangedByAnExecuteEntry_intentChangedAtThatEntry() {
        Intent changed = honest.getIntent().toBuilder().setVersion("2").build();
        ByteString digest = ByteString.copyFrom(Digests.intentDigest(changed));
        ExecutableObject tampered = Forger.reseal(
                honest.toBuilder().setIntent(changed).build(), MIDDLE, (i, e) -> e.setIntentDigest(digest));

        assertRefused(receiver, tampered, IntegrityRule.INTENT_CHANGED_WITHOUT_MUTATE, MIDDLE);
    }

    @Test
    void carriedContextChangedWithoutMutate_contextChanged() {
        ExecutableObject tampered = honest.toBuilder()
                .setContext(honest.getContext().toBuilder().addAllowedDomains(BETA))
                .build();

        assertRefused(receiver, tampered, IntegrityRule.CONTEXT_CHANGED_WITHOUT_MUTATE, 4);
    }

    @Test
    void contextChangedByAnExecuteEntry_contextChangedAtThatEntry() {
        Context changed =
                honest.getContext().toBuilder().setDataClassification("public").build();
        ByteString digest = ByteString.copyFrom(Digests.contextDigest(changed));
        ExecutableObject tampered = Forger.reseal(
                honest.toBuilder().setContext(changed).build(), MIDDLE, (i, e) -> e.setContextDigest(digest));

        assertRefused(receiver, tampered, IntegrityRule.CONTEXT_CHANGED_WITHOUT_MUTATE, MIDDLE);
    }

    @Test
    void signatureByKeyNotAnchoredInTheDomain_signerNotTrusted() {
        // A CA with the alpha domain's name that no verifier trusts, issuing a certificate for the same node.
        CertificateAuthority impostorCa = CertificateAuthority.create(ALPHA, Duration.ofDays(30));
        SigningKey impostor = impostorCa.issueNode(ALPHA_1.nodeId(), Duration.ofDays(30));

        ExecutableObject tampered =
                Forger.reseal(honest, MIDDLE, (i, e) -> {}, e -> e.getSeq() == MIDDLE ? impostor : Forger.keyOf(e));

        assertThat(assertRefused(receiver, tampered, IntegrityRule.SIGNER_NOT_TRUSTED, MIDDLE)
                        .getMessage())
                .contains("no trust anchor of domain " + ALPHA);
    }

    @Test
    void entryClaimingDomainASignedByDomainBsKey_signerNotTrusted() {
        // beta's CA certifies a node with the same id: a valid beta identity, signing an entry that claims alpha.
        SigningKey betaTwin = BETA_CA.issueNode(ALPHA_1.nodeId(), Duration.ofDays(30));

        ExecutableObject tampered =
                Forger.reseal(honest, MIDDLE, (i, e) -> {}, e -> e.getSeq() == MIDDLE ? betaTwin : Forger.keyOf(e));

        assertThat(assertRefused(receiver, tampered, IntegrityRule.SIGNER_NOT_TRUSTED, MIDDLE)
                        .getMessage())
                .contains(BETA);
    }

    @Test
    void entryClaimingTheSignersOwnDomain_isAccepted() {
        // Control for the test above: the same key and bytes pass once the entry claims beta, so only the domain
        // rule refused it there.
        SigningKey betaTwin = BETA_CA.issueNode(ALPHA_1.nodeId(), Duration.ofDays(30));
        ExecutableObject claimsBeta = Forger.reseal(
                honest,
                MIDDLE,
                (i, e) -> {
                    if (i == MIDDLE) {
                        e.getNodeBuilder().setTrustDomain(BETA);
                    }
                },
                e -> e.getSeq() == MIDDLE ? betaTwin : Forger.keyOf(e));

        assertThat(receiver.verify(claimsBeta).entries()).hasSize(5);
    }

    @Test
    void unsignedEntryWhereSignaturesAreRequired_signatureMissing() {
        ExecutableObject tampered = Forger.editEnvelope(
                honest, MIDDLE, env -> env.toBuilder().clearSignatures().build());

        assertRefused(receiver, tampered, IntegrityRule.SIGNATURE_MISSING, MIDDLE);
    }

    @Test
    void unsignedLastEntry_acceptedOnlyWhereTheVerifierAllowsIt() {
        ExecutableObject unsignedHead = Forger.editEnvelope(
                honest, 4, env -> env.toBuilder().clearSignatures().build());
        Engine lenient = TestMesh.engine(ALPHA_2, clock).allowUnsigned().build();

        assertThat(lenient.verify(unsignedHead).entries()).hasSize(5);
        assertRefused(receiver, unsignedHead, IntegrityRule.SIGNATURE_MISSING, 4);
    }

    @Test
    void seqGapWithResignedEntries_seqNotContiguous() {
        ExecutableObject tampered = Forger.reseal(honest, MIDDLE, (i, e) -> e.setSeq(i + 1L));

        assertRefused(receiver, tampered, IntegrityRule.SEQ_NOT_CONTIGUOUS, MIDDLE);
    }

    @Test
    void wrongFirstPrevHash_chainBroken() {
        ExecutableObject tampered = Forger.reseal(honest, 0, (i, e) -> {
            if (i == 0) {
                e.setPrevHash(ByteString.copyFrom(new byte[32]));
            }
        });

        assertRefused(receiver, tampered, IntegrityRule.CHAIN_BROKEN, 0);
    }

    @Test
    void resealWithoutEdits_isAccepted() {
        // Control for every resealed tamper: the forger's re-chaining and re-signing alone breaks nothing.
        ExecutableObject resealed = Forger.reseal(honest, 0, (i, e) -> {});

        assertThat(receiver.verify(resealed).entries())
                .extracting(Entry::getSeq)
                .containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    private static int indexOf(ByteString haystack, ByteString needle) {
        for (int i = 0; i + needle.size() <= haystack.size(); i++) {
            if (haystack.substring(i, i + needle.size()).equals(needle)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
