package io.mre.bench;

import io.mre.engine.Engine;
import io.mre.engine.Visit;
import io.mre.engine.VisitInput;
import io.mre.engine.verify.VerifiedObject;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One engine cycle — fold + decide (no policy, no advisor) + a no-op handler with a small output + append + sign —
 * on an object whose memory already holds {@code historyLength} signed entries.
 *
 * <p>Every invocation starts from the same prebuilt {@link VerifiedObject} (verification is not in the loop), so
 * each measured cycle runs at exactly {@code historyLength} entries and always has a next step to execute: the
 * plan has {@code planSteps} steps (at most 1 000, the largest plan the engine accepts) and the set-up leaves at
 * least {@value #CYCLES_PER_VISIT} of them to run.
 *
 * <ul>
 *   <li>{@code cycle}: {@code engine.run(verified, NONE)} with {@code maxCyclesPerVisit = 1} — one visit of one
 *       cycle, the cost of a node taking an object and advancing it once (includes opening the visit);</li>
 *   <li>{@code cycleInVisitOf10}: one visit of {@value #CYCLES_PER_VISIT} cycles, reported per cycle — the
 *       steady-state cost of a cycle inside a visit, with the visit's opening cost spread over 10 cycles.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
public class CycleBench {
    static final int CYCLES_PER_VISIT = 10;

    @Param({"10", "100", "1000"})
    public int historyLength;

    @Param({"1000"})
    public int planSteps;

    private Engine oneCycle;
    private Engine tenCycles;
    private VerifiedObject verified;

    @Setup
    public void setUp() {
        BenchFixture fixture = new BenchFixture();
        verified = fixture.withHistory(planSteps, historyLength, CYCLES_PER_VISIT);
        oneCycle = fixture.engine(1, new BenchFixture.NoopHandler());
        tenCycles = fixture.engine(CYCLES_PER_VISIT, new BenchFixture.NoopHandler());
        BenchFixture.requireRunnable(oneCycle, verified);
        Visit ten = tenCycles.run(verified, VisitInput.NONE);
        if (ten.appended().size() != CYCLES_PER_VISIT || ten.exit() != Visit.Exit.BUDGET_SPENT) {
            throw new IllegalStateException(
                    "a visit of 10 cycles appended " + ten.appended().size() + ": " + ten.exit());
        }
    }

    @Benchmark
    public Visit cycle(CpuClock cpu) {
        cpu.ops++;
        return oneCycle.run(verified, VisitInput.NONE);
    }

    @Benchmark
    @OperationsPerInvocation(CYCLES_PER_VISIT)
    public Visit cycleInVisitOf10(CpuClock cpu) {
        cpu.ops += CYCLES_PER_VISIT;
        return tenCycles.run(verified, VisitInput.NONE);
    }
}
