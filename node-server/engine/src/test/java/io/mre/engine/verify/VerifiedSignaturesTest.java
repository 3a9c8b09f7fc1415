package io.mre.engine.verify;

import static io.mre.engine.fixtures.TestMesh.ALPHA_1;
import static io.mre.engine.fixtures.TestMesh.BOTH_DOMAINS;
import static io.mre.engine.fixtures.TestMesh.NOOP;
import static io.mre.engine.fixtures.TestMesh.create;
import static io.mre.engine.fixtures.TestMesh.plan;
import static io.mre.engine.fixtures.TestMesh.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import io.mre.engine.Engine;
import io.mre.engine.MreException;
import io.mre.engine.Visit;
import io.mre.engine.fixtures.FakeClock;
import io.mre.engine.fixtures.Forger;
import io.mre.engine.fixtures.RecordingHandler;
import io.mre.engine.fixtures.TestMesh;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Signature;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A verifier that remembers verified entry hashes skips only the Ed25519 checks of entries seen before: a changed
 * signature is a new hash and is checked, and the signers' certificates are checked every time.
 */
class VerifiedSignaturesTest {
    private final FakeClock clock = new FakeClock();
    private final VerifiedSignatures seen = VerifiedSignatures.bounded(1000);
    private ExecutableObject fiveEntries;

    @BeforeEach
    void runFiveCycles() {
        Engine origin = TestMesh.engine(ALPHA_1, clock)
                .handlers(RecordingHandler.noop(NOOP))
                .maxCyclesPerVisit(5)
                .build();
        Visit visit = submit(origin, create(plan("a", "b", "c", "d", "e", "f"), clock));
        fiveEntries = visit.object().object();
    }

    @Test
    void secondVerification_skipsTheSignatureChecksOfEveryEntryAndOfTheHeaderSeen() {
        Verifier verifier = new Verifier(VerifierSettings.strict(BOTH_DOMAINS), Optional.of(seen));

        VerifiedObject first = verifier.verify(fiveEntries);
        VerifiedObject second = verifier.verify(fiveEntries);

        assertThat(seen.hits())
                .as("five entries and the author's header signature")
                .isEqualTo(6);
        assertThat(second.entries()).isEqualTo(first.entries());
        assertThat(second.headHash()).isEqualTo(first.headHash());
    }

    @Test
    void anAlteredSignature_isANewHash_andIsCheckedAndRefused() {
        Verifier verifier = new Verifier(VerifierSettings.strict(BOTH_DOMAINS), Optional.of(seen));
        verifier.verify(fiveEntries);
        ExecutableObject tampered = Forger.editEnvelope(fiveEntries, 2, env -> {
            Signature s = env.getSignatures(0);
            return env.toBuilder()
                    .setSignatures(0, s.toBuilder().setSignature(Forger.flip(s.getSignature(), 10, 0x80)))
                    .build();
        });

        MreException refused = catchThrowableOfType(MreException.class, () -> verifier.verify(tampered));

        assertThat(refused).isNotNull();
        assertThat(refused.metadata())
                .containsEntry("rule", IntegrityRule.SIGNATURE_INVALID.name())
                .containsEntry("seq", "2");
    }

    @Test
    void anAlteredHeaderSignature_isCheckedAndRefused() {
        Verifier verifier = new Verifier(VerifierSettings.strict(BOTH_DOMAINS), Optional.of(seen));
        verifier.verify(fiveEntries);
        Signature s = fiveEntries.getHeader().getSignatures(0);
        ExecutableObject tampered = fiveEntries.toBuilder()
                .setHeader(fiveEntries.getHeader().toBuilder()
                        .setSignatures(0, s.toBuilder().setSignature(Forger.flip(s.getSignature(), 3, 0x01))))
                .build();

        MreException refused = catchThrowableOfType(MreException.class, () -> verifier.verify(tampered));

        assertThat(refused).isNotNull();
        assertThat(refused.metadata()).containsEntry("rule", IntegrityRule.HEADER_SIGNATURE_INVALID.name());
    }

    @Test
    void signersCertificates_areCheckedEveryTime_evenForEntriesSeen() {
        Verifier verifier = new Verifier(VerifierSettings.strict(BOTH_DOMAINS), Optional.of(seen));
        verifier.verify(fiveEntries);
        // The same entries, without the certificate of the node that signed them (the author's stays).
        ExecutableObject withoutItsSigner = fiveEntries.toBuilder()
                .clearSigners()
                .addAllSigners(fiveEntries.getSignersList().stream()
                        .filter(c -> !c.getKeyId().equals(ALPHA_1.keyId()))
                        .toList())
                .build();

        MreException unknown = catchThrowableOfType(MreException.class, () -> verifier.verify(withoutItsSigner));

        assertThat(unknown).isNotNull();
        assertThat(unknown.metadata())
                .containsEntry("rule", IntegrityRule.SIGNER_UNKNOWN.name())
                .containsEntry("seq", "0");
    }

    @Test
    void engine_remembersTheEntriesItSigned_andVerifiesThemWithoutSignatureChecksWhenTheyComeBack() {
        Engine node = TestMesh.engine(ALPHA_1, clock)
                .handlers(RecordingHandler.noop(NOOP))
                .maxCyclesPerVisit(5)
                .build();
        ExecutableObject parked = submit(node, create(plan("a", "b", "c", "d", "e", "f"), clock))
                .object()
                .object();

        node.verify(parked);

        assertThat(node.signatureChecksSkipped())
                .as("its five entries, and the header it verified on submit")
                .isEqualTo(6);
    }

    @Test
    void bounded_keepsAtMostTwoGenerations() {
        VerifiedSignatures small = VerifiedSignatures.bounded(4);
        for (int i = 0; i < 10; i++) {
            small.add(ByteString.copyFromUtf8("hash-" + i));
        }

        assertThat(small.contains(ByteString.copyFromUtf8("hash-0"))).isFalse();
        assertThat(small.contains(ByteString.copyFromUtf8("hash-9"))).isTrue();
    }
}
