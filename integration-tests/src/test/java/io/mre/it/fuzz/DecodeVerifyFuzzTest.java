package io.mre.it.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.mre.crypto.CertificateAuthority;
import io.mre.crypto.TrustBundle;
import io.mre.engine.MreException;
import io.mre.engine.verify.Verifier;
import io.mre.engine.verify.VerifierSettings;
import io.mre.proto.v1.ExecutableObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Jazzer on the decode → verify path: any bytes either fail to decode, or verify, or are refused with an
 * {@link MreException} (the documented INTEGRITY_VIOLATION / limit errors). Any other throwable is a crash Jazzer
 * reports with the input that caused it. In a normal build it runs its saved inputs (regression mode); with
 * {@code JAZZER_FUZZ=1} it fuzzes for {@code maxDuration} (README, "Fuzzing").
 */
class DecodeVerifyFuzzTest {
    private static final CertificateAuthority CA = CertificateAuthority.create("alpha.example", Duration.ofDays(1));
    private static final Verifier VERIFIER = new Verifier(
            VerifierSettings.strict(TrustBundle.of(Map.of("alpha.example", List.of(CA.certificateDer())))));

    @FuzzTest(maxDuration = "60s")
    void decodeThenVerify(byte[] bytes) {
        ExecutableObject object;
        try {
            object = ExecutableObject.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            return;
        }
        try {
            VERIFIER.verify(object);
        } catch (MreException e) {
            // refused with a reason: the documented outcome for bad bytes
        }
    }
}
