package io.mre.bench.mesh;

import io.mre.node.store.RocksDbParkedObjectStore;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The memory-aware node's store on its own, in this JVM: {@code put(...).join()} of 1 KiB objects (a synced
 * RocksDB write through the group committer, as a custody acceptance does), at each concurrency. Separates the
 * disk's share of a durable transfer from the rest.
 */
final class StoreBench {
    private StoreBench() {}

    static void run(Options o, Common common) {
        List<Integer> concurrencies = o.integers("concurrency", "1,32");
        int warmup = o.integer("warmup", 5_000);
        int ops = o.integer("ops", 10_000);
        int size = o.integer("bytes", 1_064);
        o.requireAllRead();
        Path dir = common.root().resolve("store");
        try (RocksDbParkedObjectStore store = RocksDbParkedObjectStore.open(dir)) {
            byte[] value = new byte[size];
            ThreadLocalRandom.current().nextBytes(value);
            byte[] head = new byte[32];
            int next = 0;
            for (int c : concurrencies) {
                ClosedLoop.Op op = i -> store.put("obj-" + i, value, head).join();
                common.say("  "
                        + ClosedLoop.run("store warm-up", c, next, warmup, op).summary());
                next += warmup;
                long batches = store.batchesWritten();
                long writes = store.writesCommitted();
                ClosedLoop.Result m = ClosedLoop.run("store put+sync", c, next, ops, op);
                next += ops;
                common.say("  " + m.summary());
                double perBatch =
                        (store.writesCommitted() - writes) / (double) Math.max(1, store.batchesWritten() - batches);
                common.row(
                        "store put (RocksDB synced, group commit), " + size + " B, c=" + c,
                        "p50 / p99; puts/s",
                        Latencies.ms(m.latencies().percentile(50)) + " / "
                                + Latencies.ms(m.latencies().percentile(99)) + "; "
                                + String.format("%.0f", m.perSecond()),
                        "",
                        String.format("%.1f writes per synced batch", perBatch));
            }
        }
    }
}
