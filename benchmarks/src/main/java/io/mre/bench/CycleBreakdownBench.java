package io.mre.bench;

import com.google.protobuf.ByteString;
import io.mre.engine.codec.Digests;
import io.mre.engine.fold.Fold;
import io.mre.engine.fold.FoldedState;
import io.mre.engine.object.ObjectFactory;
import io.mre.engine.object.WorkingObject;
import io.mre.engine.verify.VerifiedObject;
import io.mre.engine.view.Values;
import io.mre.engine.view.Views;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Signature;
import io.mre.spi.ObjectView;
import java.util.HashMap;
import java.util.Map;
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
 * Diagnostic: the parts of a cycle whose cost depends on the object's size, each alone, as the engine performs
 * them (public engine API, or the same calls the engine makes, named in each method). Not a target; it explains
 * how {@link CycleBench} grows with {@code historyLength} (plan of 1 000 steps throughout).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 4, time = 2)
public class CycleBreakdownBench {
    @Param({"10", "100", "1000"})
    public int historyLength;

    private BenchFixture fixture;
    private VerifiedObject verified;
    private WorkingObject working;
    private Fold fold;
    private EntryEnvelope envelope;

    @Setup
    public void setUp() {
        fixture = new BenchFixture();
        verified = fixture.withHistory(BenchFixture.MAX_PLAN_STEPS, historyLength, 1);
        working = new WorkingObject(verified, fixture.key);
        fold = Fold.of(verified.header(), verified.entries());
        Entry last = verified.entries().getLast();
        envelope = EntryEnvelope.newBuilder()
                .setEntry(last.toByteString())
                .addSignatures(Signature.newBuilder()
                        .setKeyId(fixture.key.keyId())
                        .setSignature(
                                ByteString.copyFrom(fixture.key.sign(Digests.entrySigningInput(last.toByteString())))))
                .build();
    }

    /** What Engine.run does first: {@code new WorkingObject(verified, key)} — re-folds the whole memory once per visit. */
    @Benchmark
    public WorkingObject openVisit(CpuClock cpu) {
        cpu.ops++;
        return new WorkingObject(verified, fixture.key);
    }

    /** {@code Fold.state(intent)}: called after every append (WorkingObject.append) and when a visit opens. */
    @Benchmark
    public FoldedState foldState(CpuClock cpu) {
        cpu.ops++;
        return fold.state(verified.object().getIntent());
    }

    /** Decider.view: the policies' {@code ObjectView}, built on every runOrRoute (intent, state, history). */
    @Benchmark
    public ObjectView policyView(CpuClock cpu) {
        cpu.ops++;
        return Views.object(
                working.objectId(),
                working.header().getOrigin().getTrustDomain(),
                working.object().getIntent(),
                working.object().getContext(),
                working.state(),
                working.history());
    }

    /** Engine.execute, before calling the handler: every earlier output converted to a map for the handler's Invocation. */
    @Benchmark
    public Map<String, Map<String, Object>> handlerOutputs(CpuClock cpu) {
        cpu.ops++;
        Map<String, Map<String, Object>> outputs = new HashMap<>();
        working.state().outputs().forEach((k, v) -> outputs.put(k, Values.toMap(v)));
        return Map.copyOf(outputs);
    }

    /** WorkingObject.append, after signing: the whole object rebuilt to add one envelope. */
    @Benchmark
    public ExecutableObject rebuildObject(CpuClock cpu) {
        cpu.ops++;
        ExecutableObject.Builder b = verified.object().toBuilder();
        b.getMemoryBuilder().addEntries(envelope);
        if (b.getSignersList().stream().noneMatch(s -> s.getKeyId().equals(fixture.key.keyId()))) {
            b.addSigners(ObjectFactory.signerCertificate(fixture.key));
        }
        return b.build();
    }
}
