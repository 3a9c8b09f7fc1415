package io.mre.bench.mesh;

import io.grpc.ManagedChannel;
import io.mre.crypto.SigningKey;
import io.mre.proto.v1.DelegateRequest;
import io.mre.proto.v1.DelegateResponse;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.FederationServiceGrpc;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A paired comparison of two node builds as durable receivers ({@code --node-jar} = A, {@code --compare-jar} = B):
 * both run at once (b1 from A, b2 from B), warmed alike, then measured in alternating rounds (A, B, B, A, A, B ...)
 * of the same size, each round after the other receiver's background work has drained. On a shared machine whose
 * speed drifts by tens of percent between runs, the per-round ratio B/A is what can be trusted; its median is
 * reported with the medians of each side.
 */
final class HandoffCompare {
    private HandoffCompare() {}

    static void run(Options o, Common common) {
        Path compareJar = o.path("compare-jar", "");
        boolean tls = o.flag("tls", true);
        List<Integer> concurrencies = o.integers("concurrency", "1,32");
        int warmup = o.integer("warmup", 20_000);
        int rounds = o.integer("rounds", 10);
        int perRound = o.integer("ops", 2_000);
        o.requireAllRead();
        String[] names = {"A " + common.nodeJar().getFileName(), "B " + compareJar.getFileName()};
        try (Mesh a = common.mesh(tls, "a", "b");
                Mesh b = new Mesh(common.root().resolve("compare"), tls, compareJar, common.nodeJvm(), "a", "b")) {
            Mesh[] meshes = {a, b};
            NodeProcess[] receivers = {
                a.start(Mesh.NodeSpec.memoryAware("b1", "b")), b.start(Mesh.NodeSpec.memoryAware("b2", "b"))
            };
            common.say("# paired handoff (" + (tls ? "mTLS" : "plaintext") + ", durable): " + names[0] + " as "
                    + receivers[0] + " vs " + names[1] + " as " + receivers[1] + ", node JVM " + common.nodeJvm());
            int perReceiver = concurrencies.size() * (warmup + rounds * perRound);
            ClosedLoop.Op[] ops = new ClosedLoop.Op[2];
            for (int r = 0; r < 2; r++) {
                SigningKey sender = meshes[r].issue("a1", "a");
                ExecutableObject[] objects = BenchObjects.delegated(
                        perReceiver,
                        sender,
                        meshes[r].trust(),
                        BenchObjects.peer(receivers[r].nodeId(), "b", receivers[r].address()));
                ManagedChannel channel = meshes[r].channel(receivers[r].address(), sender);
                var stub = FederationServiceGrpc.newBlockingStub(channel);
                ops[r] = i -> {
                    DelegateResponse resp = stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                            .delegate(DelegateRequest.newBuilder()
                                    .setObject(objects[i])
                                    .build());
                    if (resp.getDuplicate()) {
                        throw new AssertionError("duplicate");
                    }
                };
            }
            int[] next = {0, 0};
            long[] accepted = {0, 0};
            for (int c : concurrencies) {
                for (int r = 0; r < 2; r++) {
                    ClosedLoop.Result w = ClosedLoop.run("warm-up " + names[r], c, next[r], warmup, ops[r]);
                    next[r] += warmup;
                    accepted[r] += w.latencies().count();
                    HandoffBench.awaitCompleted(receivers[r], accepted[r], Duration.ofSeconds(120));
                    common.say("  " + w.summary());
                }
                List<long[]> p50 = List.of(new long[rounds], new long[rounds]);
                List<double[]> rate = List.of(new double[rounds], new double[rounds]);
                List<double[]> cpu = List.of(new double[rounds], new double[rounds]);
                double[] p50Ratio = new double[rounds];
                double[] cpuRatio = new double[rounds];
                double[] rateRatio = new double[rounds];
                for (int round = 0; round < rounds; round++) {
                    // ABBA order: neither side always goes first.
                    int[] order = round % 2 == 0 ? new int[] {0, 1} : new int[] {1, 0};
                    for (int r : order) {
                        CpuWatch watch = CpuWatch.start(List.of(receivers[r]));
                        ClosedLoop.Result m = ClosedLoop.run(names[r], c, next[r], perRound, ops[r]);
                        next[r] += perRound;
                        accepted[r] += m.latencies().count();
                        long drain = HandoffBench.awaitCompleted(receivers[r], accepted[r], Duration.ofSeconds(120));
                        p50.get(r)[round] = m.latencies().percentile(50);
                        rate.get(r)[round] = m.latencies().count() / ((m.wallNanos() + drain) / 1e9);
                        cpu.get(r)[round] = watch.stop(m.latencies().count()).nodePerUnit()[0];
                        if (m.failed() > 0) {
                            common.say("  " + m.summary());
                        }
                    }
                    p50Ratio[round] = p50.get(1)[round] / (double) p50.get(0)[round];
                    cpuRatio[round] = cpu.get(1)[round] / cpu.get(0)[round];
                    rateRatio[round] = rate.get(1)[round] / rate.get(0)[round];
                }
                for (int r = 0; r < 2; r++) {
                    common.say(String.format(
                            "  %s, c=%d, %d rounds of %d: median round p50 %s (rounds %s), "
                                    + "completed/s %.0f, receiver CPU/transfer %s",
                            names[r],
                            c,
                            rounds,
                            perRound,
                            Latencies.ms((long) median(toDouble(p50.get(r)))),
                            range(toDouble(p50.get(r)), 1e-6),
                            median(rate.get(r)),
                            Common.us(median(cpu.get(r)))));
                }
                common.row(
                        "paired handoff mTLS durable, c=" + c + ": B/A",
                        "p50; completed/s; receiver CPU",
                        String.format("%.2f; %.2f; %.2f", median(p50Ratio), median(rateRatio), median(cpuRatio)),
                        "",
                        String.format(
                                "median of %d per-round ratios (p50 ratio range %.2f–%.2f)",
                                rounds,
                                Arrays.stream(p50Ratio).min().orElse(0),
                                Arrays.stream(p50Ratio).max().orElse(0)));
            }
        }
    }

    private static double[] toDouble(long[] v) {
        return Arrays.stream(v).asDoubleStream().toArray();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String range(double[] v, double scale) {
        List<String> parts = new ArrayList<>();
        double[] s = v.clone();
        Arrays.sort(s);
        parts.add(String.format("%.3f", s[0] * scale));
        parts.add(String.format("%.3f ms", s[s.length - 1] * scale));
        return String.join("–", parts);
    }
}
