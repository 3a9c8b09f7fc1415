package io.mre.bench;

import io.mre.crypto.Ed25519PublicKey;
import io.mre.engine.codec.Digests;
import io.mre.engine.verify.VerifiedObject;
import io.mre.engine.verify.Verifier;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.ExecutableObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Full verification ({@link Verifier#verify}) of an object holding {@code entries} signed EXECUTE entries plus an
 * author-signed header, per object; next to it, the floor for the same object: one Ed25519 verify per signature
 * (header + entries) over the same signing inputs, nothing else. Target: verify ≤ 1.2 × the floor at 1 000.
 *
 * <p>The verifier and its trust bundle live for the whole run, as on a node: the signer's certificate chain is
 * validated once and then cached, so the figure is the steady-state cost of an object from a known signer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
public class VerifyBench {
    @Param({"10", "100", "1000"})
    public int entries;

    private Verifier verifier;
    private ExecutableObject object;
    private Ed25519PublicKey publicKey;
    private byte[][] signingInputs;
    private byte[][] signatures;

    @Setup
    public void setUp() {
        BenchFixture fixture = new BenchFixture();
        verifier = fixture.verifier;
        object = fixture.withHistory(BenchFixture.MAX_PLAN_STEPS, entries, 1).object();
        publicKey = Ed25519PublicKey.of(fixture.key.publicKey());
        List<EntryEnvelope> envelopes = object.getMemory().getEntriesList();
        signingInputs = new byte[envelopes.size() + 1][];
        signatures = new byte[envelopes.size() + 1][];
        signingInputs[0] = Digests.headerSigningInput(object.getHeader().getHeader());
        signatures[0] = object.getHeader().getSignatures(0).getSignature().toByteArray();
        for (int i = 0; i < envelopes.size(); i++) {
            signingInputs[i + 1] = Digests.entrySigningInput(envelopes.get(i).getEntry());
            signatures[i + 1] = envelopes.get(i).getSignatures(0).getSignature().toByteArray();
        }
        if (verifier.verify(object).entries().size() != entries || signaturesOnly() != signatures.length) {
            throw new IllegalStateException("set-up object does not verify");
        }
    }

    /** Every integrity rule over the whole object. */
    @Benchmark
    public VerifiedObject verify(CpuClock cpu) {
        cpu.ops++;
        return verifier.verify(object);
    }

    /** The floor: entries + 1 Ed25519 verifies (header and entries), signing inputs precomputed. */
    @Benchmark
    public int signaturesOnly(CpuClock cpu) {
        cpu.ops++;
        return signaturesOnly();
    }

    private int signaturesOnly() {
        int ok = 0;
        for (int i = 0; i < signatures.length; i++) {
            if (publicKey.verify(signingInputs[i], signatures[i])) {
                ok++;
            }
        }
        return ok;
    }
}
