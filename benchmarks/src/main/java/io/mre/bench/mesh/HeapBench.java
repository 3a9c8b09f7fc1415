package io.mre.bench.mesh;

import io.grpc.ManagedChannel;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.ExecutionNodeServiceGrpc;
import io.mre.proto.v1.Step;
import io.mre.proto.v1.SubmitRequest;
import io.mre.proto.v1.SubmitResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;

/**
 * Memory and restart: an idle node's heap, and a memory-aware node holding many dormant objects (timers a day
 * ahead): its heap, then a restart on the same data folder and the time until recovery has re-armed every timer.
 * Heap figures are the node's own JVM metrics ({@code jvm_memory_used_bytes{area="heap"}}, from {@code /metrics})
 * read after two full GCs requested with {@code jcmd <pid> GC.run}.
 */
final class HeapBench {
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private HeapBench() {}

    /** A started memory-aware node, idle: heap after GC. */
    static void idle(Options o, Common common) {
        boolean tls = o.flag("tls", true);
        int settleSeconds = o.integer("settle-seconds", 10);
        o.requireAllRead();
        try (Mesh mesh = common.mesh(tls, "a")) {
            long t0 = System.nanoTime();
            NodeProcess node = mesh.start(Mesh.NodeSpec.memoryAware("a1", "a"));
            long started = System.nanoTime() - t0;
            NodeProcess.sleep(TimeUnit.SECONDS.toMillis(settleSeconds));
            long heap = node.heapAfterGc();
            common.say("# idle node " + node + ", node JVM " + common.nodeJvm() + ", serving after "
                    + String.format("%.2f s", started / 1e9));
            common.row(
                    "idle memory-aware node (" + (tls ? "mTLS" : "plaintext") + ")",
                    "heap used after GC",
                    Common.mib(heap),
                    "≤ 256 MiB",
                    "committed " + Common.mib(node.heapCommitted()) + ", RSS "
                            + Common.mib(node.rssBytes()) + ", " + (long) node.metric("jvm_threads_live_threads")
                            + " threads");
        }
    }

    /** Fills a node with dormant objects, measures its heap, restarts it and times the recovery. */
    static void parked(Options o, Common common) {
        boolean tls = o.flag("tls", true);
        int count = o.integer("objects", 100_000);
        int concurrency = o.integer("concurrency", 32);
        o.requireAllRead();
        String scenario = String.format("%,d parked objects", count);
        try (Mesh mesh = common.mesh(tls, "a")) {
            Mesh.NodeSpec spec = Mesh.NodeSpec.memoryAware("p1", "a");
            NodeProcess node = mesh.start(spec);
            common.say("# " + scenario + " on " + node + ", node JVM " + common.nodeJvm());
            ManagedChannel channel = mesh.channel(node.address(), mesh.issue("client.a", "a"));
            var stub = ExecutionNodeServiceGrpc.newBlockingStub(channel);
            Step dormant = BenchObjects.after(BenchObjects.step("later", "a"), Duration.ofDays(1));
            CpuWatch fillCpu = CpuWatch.start(java.util.List.of(node));
            ClosedLoop.Result fill = ClosedLoop.run("fill (Submit, dormant a day)", concurrency, 0, count, i -> {
                ExecutableObject object = BenchObjects.create("a", dormant);
                SubmitResponse r = stub.withDeadlineAfter(60, TimeUnit.SECONDS)
                        .submit(SubmitRequest.newBuilder().setObject(object).build());
                if (r.getStatus().getLifecycle() != io.mre.proto.v1.Lifecycle.LIFECYCLE_DORMANT) {
                    throw new AssertionError("not dormant: " + r.getStatus());
                }
            });
            common.say("  " + fill.summary());
            common.say("  CPU per object: "
                    + fillCpu.stop(fill.latencies().count()).summary());
            String text = node.scrape();
            long parked = (long) NodeProcess.sample(text, "mre_store_parked_objects");
            long armed = (long) NodeProcess.sample(text, "mre_timers_armed");
            long storeBytes = (long) NodeProcess.sample(text, "mre_store_size_bytes");
            long heap = node.heapAfterGc();
            common.say(String.format("  parked %d, timers armed %d, store ~%s", parked, armed, Common.mib(storeBytes)));
            common.row(
                    scenario + ", filled",
                    "heap used after GC",
                    Common.mib(heap),
                    "≤ 512 MiB",
                    "parked " + parked + ", timers " + armed + ", RSS " + Common.mib(node.rssBytes()));

            mesh.stop(node);
            CpuWatch restartCpu = CpuWatch.start(java.util.List.of());
            NodeProcess restarted = mesh.start(spec);
            double othersDuringRestart =
                    restartCpu.stop(1, restarted.cpuNanos()).othersShare();
            NodeProcess.LogLine recovered = restarted.awaitLog("recovered ", Duration.ofSeconds(120));
            NodeProcess.LogLine opened = restarted.awaitLog("parked-object store open", Duration.ofSeconds(1));
            double toServing = (restarted.servingNanos() - restarted.launchedNanos()) / 1e9;
            double toRecovered = Duration.between(restarted.launchedAt(), logTime(recovered.line()))
                            .toMillis()
                    / 1e3;
            double scan = Duration.between(logTime(opened.line()), logTime(recovered.line()))
                            .toMillis()
                    / 1e3;
            long armedAfter = (long) restarted.metric("mre_timers_armed");
            common.say("  " + recovered.line().trim());
            common.say(String.format(
                    "  restart: process start → store open %.2f s → recovery logged %.2f s → " + "SERVING %.2f s",
                    Duration.between(restarted.launchedAt(), logTime(opened.line()))
                                    .toMillis()
                            / 1e3,
                    toRecovered,
                    toServing));
            common.row(
                    scenario + ", restart",
                    "process start → SERVING (all timers re-armed)",
                    String.format("%.2f s", toServing),
                    "≤ 10 s",
                    String.format(
                            "store scan + re-arm %.2f s "
                                    + "(log: store open → recovered); timers armed after restart %d; other processes used "
                                    + "%.0f%% of the machine meanwhile",
                            scan, armedAfter, othersDuringRestart * 100));
            long heapAfter = restarted.heapAfterGc();
            common.row(
                    scenario + ", restarted",
                    "heap used after GC",
                    Common.mib(heapAfter),
                    "≤ 512 MiB",
                    "RSS " + Common.mib(restarted.rssBytes()));
        }
    }

    private static LocalTime logTime(String line) {
        return LocalTime.parse(line.substring(0, 12), LOG_TIME);
    }
}
