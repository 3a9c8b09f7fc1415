package io.mre.bench;

import io.mre.crypto.Ed25519PublicKey;
import io.mre.engine.codec.Digests;
import io.mre.engine.verify.Verifier;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.ExecutableObject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;

/**
 * A paired measurement of the verification target (full verification of N signed entries, the history replayed,
 * ≤ 1.2 × N Ed25519 verifies; issue 11 allows the replay up to 1.3 ×; the bytes-only verification is reported too), robust to a shared, loaded machine: after a warm-up, each round times {@link Verifier#verify} of the
 * object and the bare signature checks of the same object back to back (order alternating between rounds), in
 * thread CPU time, and the report gives the median of the per-round ratios. Two separate JMH runs can land in
 * different load and differ by ±30 % here; adjacent halves of one round see the same load.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.mre.bench.VerifyOverheadReport [entries=1000] [rounds=40] [warmupSeconds=30]</pre>
 */
public final class VerifyOverheadReport {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private VerifyOverheadReport() {}

    public static void main(String[] args) {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int warmupSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        BenchFixture fixture = new BenchFixture();
        Verifier verifier = fixture.verifier;
        ExecutableObject object =
                fixture.withHistory(BenchFixture.MAX_PLAN_STEPS, entries, 1).object();
        Ed25519PublicKey publicKey = Ed25519PublicKey.of(fixture.key.publicKey());
        List<EntryEnvelope> envelopes = object.getMemory().getEntriesList();
        byte[][] inputs = new byte[envelopes.size() + 1][];
        byte[][] signatures = new byte[envelopes.size() + 1][];
        inputs[0] = Digests.headerSigningInput(object.getHeader().getHeader());
        signatures[0] = object.getHeader().getSignatures(0).getSignature().toByteArray();
        for (int i = 0; i < envelopes.size(); i++) {
            inputs[i + 1] = Digests.entrySigningInput(envelopes.get(i).getEntry());
            signatures[i + 1] = envelopes.get(i).getSignatures(0).getSignature().toByteArray();
        }
        Runnable verify = () -> {
            if (verifier.verify(object).entries().size() != entries) {
                throw new IllegalStateException("verification lost entries");
            }
        };
        Verifier bytesOnly = new Verifier(fixture.verifierSettings.bytesOnly());
        Runnable bytes = () -> {
            if (bytesOnly.verify(object).entries().size() != entries) {
                throw new IllegalStateException("verification lost entries");
            }
        };
        Runnable floor = () -> {
            for (int i = 0; i < signatures.length; i++) {
                if (!publicKey.verify(inputs[i], signatures[i])) {
                    throw new IllegalStateException("signature " + i + " does not verify");
                }
            }
        };

        long warmupEnd = System.nanoTime() + warmupSeconds * 1_000_000_000L;
        while (System.nanoTime() < warmupEnd) {
            verify.run();
            bytes.run();
            floor.run();
        }
        double[] verifyUs = new double[rounds];
        double[] bytesUs = new double[rounds];
        double[] floorUs = new double[rounds];
        double[] ratios = new double[rounds];
        double[] replayRatios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            if (r % 2 == 0) {
                verifyUs[r] = cpuMicros(verify);
                bytesUs[r] = cpuMicros(bytes);
                floorUs[r] = cpuMicros(floor);
            } else {
                floorUs[r] = cpuMicros(floor);
                bytesUs[r] = cpuMicros(bytes);
                verifyUs[r] = cpuMicros(verify);
            }
            ratios[r] = verifyUs[r] / floorUs[r];
            replayRatios[r] = verifyUs[r] / bytesUs[r];
        }
        System.out.printf(
                "object: %d signed entries + author-signed header (%d Ed25519 verifies), %d rounds after %d s warm-up%n",
                entries, signatures.length, rounds, warmupSeconds);
        System.out.printf(
                "Verifier.verify, median thread CPU      %10.1f us  (%.1f us per entry)%n",
                median(verifyUs), median(verifyUs) / entries);
        System.out.printf("Verifier.verify bytes only (no replay)  %10.1f us%n", median(bytesUs));
        System.out.printf(
                "signature checks only, median CPU       %10.1f us  (%.1f us per verify)%n",
                median(floorUs), median(floorUs) / signatures.length);
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        System.out.printf(
                "verify / signature checks, per round    median %.3f  (min %.3f, max %.3f)  target <= 1.2%n",
                median(ratios), sorted[0], sorted[sorted.length - 1]);
        double[] sortedReplay = replayRatios.clone();
        Arrays.sort(sortedReplay);
        System.out.printf(
                "verify / bytes-only verify, per round   median %.3f  (min %.3f, max %.3f)  (the replay's cost)%n",
                median(replayRatios), sortedReplay[0], sortedReplay[sortedReplay.length - 1]);
    }

    private static double cpuMicros(Runnable r) {
        long start = THREADS.getCurrentThreadCpuTime();
        r.run();
        return (THREADS.getCurrentThreadCpuTime() - start) / 1e3;
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
