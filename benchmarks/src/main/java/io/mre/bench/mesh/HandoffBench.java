package io.mre.bench.mesh;

import io.grpc.ManagedChannel;
import io.mre.crypto.SigningKey;
import io.mre.proto.v1.DelegateRequest;
import io.mre.proto.v1.DelegateResponse;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.FederationServiceGrpc;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Custody transfer into one receiver, isolated: the harness plays the sender node {@code a1@a} (a certificate of
 * domain a's CA, the same key signs the DELEGATE entries) and calls {@code FederationService.Delegate} on node
 * {@code b1@b} (its own JVM) with pre-built objects whose last entry hands them to b1. What is timed is the call as
 * the sender waits on it: TLS/HTTP/2, the receiver's verification, its durable put (RocksDB, synced, group commit),
 * and the acknowledgement. A memory-aware receiver then runs the object's step in the background (verify again,
 * execute {@code noop}, TERMINATE, park the result); the throughput figure waits for that work too
 * ("completed/s"). A stateless receiver runs the object before it answers and persists nothing.
 */
final class HandoffBench {
    private HandoffBench() {}

    static void run(Options o, Common common) {
        boolean tls = o.flag("tls", true);
        boolean stateless = o.string("receiver", "memory-aware").equals("stateless");
        List<Integer> concurrencies = o.integers("concurrency", "1,32");
        int warmup = o.integer("warmup", 20_000);
        int ops = o.integer("ops", 20_000);
        int pauseMicros = o.integer("pause-us", 0);
        o.requireAllRead();
        String scenario =
                "handoff " + (tls ? "mTLS" : "plaintext") + ", " + (stateless ? "stateless" : "durable") + " receiver";
        try (Mesh mesh = common.mesh(tls, "a", "b")) {
            Mesh.NodeSpec spec = Mesh.NodeSpec.memoryAware("b1", "b");
            NodeProcess b = mesh.start(stateless ? spec.asStateless() : spec);
            common.say("# " + scenario + ": receiver " + b + ", node JVM " + common.nodeJvm());
            SigningKey sender = mesh.issue("a1", "a");
            int total = (warmup + ops) * concurrencies.size();
            long t0 = System.nanoTime();
            ExecutableObject[] objects =
                    BenchObjects.delegated(total, sender, mesh.trust(), BenchObjects.peer("b1", "b", b.address()));
            common.say(String.format(
                    "built %d delegated objects in %.1f s (%d bytes each)",
                    total, (System.nanoTime() - t0) / 1e9, objects[0].getSerializedSize()));
            ManagedChannel channel = mesh.channel(b.address(), sender);
            FederationServiceGrpc.FederationServiceBlockingStub stub = FederationServiceGrpc.newBlockingStub(channel);
            ClosedLoop.Op transfer = i -> {
                DelegateResponse r = stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                        .delegate(DelegateRequest.newBuilder()
                                .setObject(objects[i])
                                .build());
                if (r.getDuplicate() || (stateless && !r.hasResult())) {
                    throw new AssertionError("unexpected acknowledgement " + r.getDuplicate() + "/" + r.hasResult());
                }
            };
            // --pause-us: a think time before each transfer (not timed), e.g. to let the receiver finish the
            // previous object's visit first and see the transfer alone.
            ClosedLoop.Op op = pauseMicros == 0
                    ? transfer
                    : new ClosedLoop.Op() {
                        @Override
                        public void run(int index) throws Exception {
                            transfer.run(index);
                        }

                        @Override
                        public long pauseNanos() {
                            return pauseMicros * 1000L;
                        }
                    };
            int next = 0;
            long accepted = 0;
            for (int c : concurrencies) {
                ClosedLoop.Result w = ClosedLoop.run("warm-up", c, next, warmup, op);
                common.say("  " + w.summary());
                next += warmup;
                accepted += w.latencies().count();
                if (!stateless) {
                    awaitCompleted(b, accepted, Duration.ofSeconds(120));
                }
                CpuWatch cpu = CpuWatch.start(List.of(b));
                ClosedLoop.Result m = ClosedLoop.run("measured", c, next, ops, op);
                next += ops;
                accepted += m.latencies().count();
                long drain = stateless ? 0 : awaitCompleted(b, accepted, Duration.ofSeconds(120));
                CpuWatch.Usage usage = cpu.stop(m.latencies().count());
                double completed = m.latencies().count() / ((m.wallNanos() + drain) / 1e9);
                common.say("  " + m.summary());
                common.say(String.format(
                        "  completed by the receiver: %.0f/s (its background work drained %.2f s "
                                + "after the last ack); CPU per transfer: %s",
                        completed, drain / 1e9, usage.summary()));
                String label = scenario + ", c=" + c;
                Latencies l = m.latencies();
                common.row(
                        label,
                        "Delegate round trip p50 / p99",
                        Latencies.ms(l.percentile(50)) + " / " + Latencies.ms(l.percentile(99)),
                        c == 1 && tls && !stateless ? "p50 ≤ 1 ms" : "",
                        String.format("other processes used %.0f%% of the machine", usage.othersShare() * 100));
                common.row(
                        label,
                        "acks/s; completed/s",
                        String.format("%.0f; %.0f", m.perSecond(), completed),
                        c >= 32 && tls && !stateless ? "≥ 2 000/s" : "",
                        "CPU/transfer: " + usage.summary() + (m.failed() > 0 ? "; failures " + m.failures() : ""));
            }
            common.row(
                    scenario,
                    "receiver heap after load (after GC)",
                    Common.mib(b.heapAfterGc()),
                    "",
                    "RSS " + Common.mib(b.rssBytes()));
        }
    }

    /**
     * Waits until the receiver has terminated {@code expected} objects (each visit after an accepted transfer ends
     * with TERMINATE); returns how long that took.
     */
    static long awaitCompleted(NodeProcess node, long expected, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (node.metric("mre_cycles_total", "action=\"terminate\"") < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(node + " completed only "
                        + node.metric("mre_cycles_total", "action=\"terminate\"") + " of " + expected);
            }
            NodeProcess.sleep(5);
        }
        return System.nanoTime() - start;
    }
}
