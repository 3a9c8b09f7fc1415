package io.mre.bench;

import io.mre.engine.fold.Fold;
import io.mre.engine.fold.FoldedState;
import io.mre.engine.verify.VerifiedObject;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.Header;
import io.mre.proto.v1.Intent;
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
 * A full fold: {@code Fold.of(header, entries).state(intent)} over already decoded entries (what a node does once
 * per visit, and what any reader of an object does). Target: 1 000 entries in at most 1 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
public class FoldBench {
    @Param({"1000"})
    public int entries;

    private Header header;
    private List<Entry> decoded;
    private Intent intent;

    @Setup
    public void setUp() {
        VerifiedObject verified = new BenchFixture().withHistory(BenchFixture.MAX_PLAN_STEPS, entries, 1);
        header = verified.header();
        decoded = verified.entries();
        intent = verified.object().getIntent();
    }

    @Benchmark
    public FoldedState fold(CpuClock cpu) {
        cpu.ops++;
        return Fold.of(header, decoded).state(intent);
    }
}
