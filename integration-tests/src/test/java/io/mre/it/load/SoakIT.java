package io.mre.it.load;

import static io.mre.it.mesh.Plans.object;
import static io.mre.it.mesh.Plans.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mre.it.mesh.ChildNode;
import io.mre.it.mesh.MeshClient;
import io.mre.it.mesh.NodeOptions;
import io.mre.it.mesh.Plans;
import io.mre.it.mesh.TestMesh;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.EvaluateRequest;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Lifecycle;
import io.mre.proto.v1.SubmitRequest;
import io.mre.proto.v1.SubmitResponse;
import io.mre.proto.v1.TerminalStatus;
import io.mre.proto.v1.WatchRequest;
import io.mre.proto.v1.WatchResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded sustained run through three node processes (two in alpha, one in beta): {@value #CONCURRENCY} clients
 * in a closed loop, each submitting a two-step cross-domain object at its own entry node and watching it until it
 * terminates, for {@code mre.soak.seconds} (10 s in CI, 60 s or more under {@code -Psoak}). Asserts zero loss
 * (every object completed), each object parked exactly once afterwards (the retained terminated set, no sender
 * copies left), no timer left armed, and growth of heap after GC, open file descriptors and resident set within
 * the bounds below. Prints throughput and p50/p99 completion (see README, "Load").
 */
class SoakIT {
    private static final String ALPHA = "alpha.example";
    private static final String BETA = "beta.example";
    private static final int CONCURRENCY = 32;
    private static final Duration RUN = Duration.ofSeconds(Long.getLong("mre.soak.seconds", 10));
    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("mre.soak.warmup", 5));
    /** Growth allowed per node from before to after the run (heap measured after two full GCs). */
    private static final long MAX_HEAP_GROWTH = 48L << 20;

    private static final long MAX_RSS_GROWTH = 256L << 20;
    private static final long MAX_FD_GROWTH = 64;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void sustainedLoad_losesNothingAndLeavesNoGrowth() throws Exception {
        try (TestMesh mesh = TestMesh.create(dir, ALPHA, BETA)) {
            ChildNode b1 = mesh.spawn(options("b1", BETA));
            ChildNode a1 = mesh.spawn(options("a1", ALPHA).withPeers(b1));
            ChildNode a2 = mesh.spawn(options("a2", ALPHA).withPeers(b1));
            // b1 learns of the alpha nodes from their addresses: restart it with them as peers, on its own port
            b1.close();
            mesh.forget(b1);
            b1 = mesh.spawn(options("b1", BETA).withPort(b1.port()).withPeers(a1, a2));
            List<ChildNode> nodes = List.of(a1, a2, b1);
            for (ChildNode n : nodes) {
                awaitRoute(mesh, n, n.domain().equals(ALPHA) ? BETA : ALPHA);
                await("admin endpoint of " + n).atMost(Duration.ofSeconds(30)).until(() -> n.adminPort() != 0);
            }

            Run warmUp = run(mesh, nodes, WARM_UP);
            assertThat(warmUp.failures()).as("failures during the warm-up").isEmpty();
            Map<String, NodeStats> before = stats(nodes);
            Run run = run(mesh, nodes, RUN);
            assertThat(run.failures()).as("objects lost or not completed").isEmpty();
            long retained = warmUp.completed() + run.completed();
            await("each object parked once, no timer armed")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        long parked = 0;
                        long timers = 0;
                        for (ChildNode n : nodes) {
                            long[] pt = NodeStats.parkedAndTimers(n);
                            parked += pt[0];
                            timers += pt[1];
                        }
                        assertThat(parked)
                                .as("parked objects: the terminated ones, once each")
                                .isEqualTo(retained);
                        assertThat(timers).as("armed timers").isZero();
                    });
            Map<String, NodeStats> after = stats(nodes);

            StringBuilder growth = new StringBuilder();
            for (ChildNode n : nodes) {
                NodeStats b = before.get(n.nodeId());
                NodeStats a = after.get(n.nodeId());
                growth.append(String.format(
                        " %s[heap %s rss %s fds %+d]",
                        n.nodeId(),
                        NodeStats.mib(a.heapBytes() - b.heapBytes()),
                        NodeStats.mib(a.rssBytes() - b.rssBytes()),
                        a.fds() - b.fds()));
                assertThat(a.heapBytes() - b.heapBytes())
                        .as("heap growth of %s", n.nodeId())
                        .isLessThan(MAX_HEAP_GROWTH);
                assertThat(a.rssBytes() - b.rssBytes())
                        .as("RSS growth of %s", n.nodeId())
                        .isLessThan(MAX_RSS_GROWTH);
                assertThat(a.fds() - b.fds()).as("fd growth of %s", n.nodeId()).isLessThan(MAX_FD_GROWTH);
            }
            List<Long> ms = run.latenciesMillis();
            System.out.printf(
                    "soak: 3 nodes, concurrency %d, %d s: %d objects completed, 0 lost, %.0f objects/s, "
                            + "p50 %d ms, p99 %d ms, parked %d (retained, once each), timers 0;%s%n",
                    CONCURRENCY,
                    RUN.toSeconds(),
                    run.completed(),
                    run.completed() / (double) RUN.toSeconds(),
                    ms.get(ms.size() / 2),
                    ms.get((int) Math.ceil(ms.size() * 0.99) - 1),
                    retained,
                    growth);
        }
    }

    private static NodeOptions options(String id, String domain) {
        return NodeOptions.of(id, domain).withHandlers("prepare", "score").withAdmin();
    }

    private static void awaitRoute(TestMesh mesh, ChildNode node, String domain) {
        EvaluateRequest probe = EvaluateRequest.newBuilder()
                .setObject(object(node.domain(), step("probe", "score", domain)))
                .build();
        MeshClient client = mesh.client(node);
        await("a route from " + node + " to " + domain)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> client.node().evaluate(probe).getAction() == Action.ACTION_DELEGATE);
    }

    private static Map<String, NodeStats> stats(List<ChildNode> nodes) {
        Map<String, NodeStats> stats = new LinkedHashMap<>();
        nodes.forEach(n -> stats.put(n.nodeId(), NodeStats.of(n)));
        return stats;
    }

    /** What one closed-loop run did: completion latencies (sorted) and what went wrong. */
    record Run(List<Long> latenciesMillis, List<String> failures) {
        long completed() {
            return latenciesMillis.size();
        }
    }

    /** {@value #CONCURRENCY} clients, each in a loop: submit at its entry node, watch until terminated. */
    private static Run run(TestMesh mesh, List<ChildNode> nodes, Duration length) throws Exception {
        long end = System.nanoTime() + length.toNanos();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicLong seq = new AtomicLong();
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENCY);
        Map<String, MeshClient> watchers = new java.util.HashMap<>(); // "<node>/<owner domain>"
        for (ChildNode n : nodes) {
            for (String d : List.of(ALPHA, BETA)) {
                watchers.put(n.nodeId() + "/" + d, mesh.client(n, d));
            }
        }
        try {
            List<Future<?>> loops = new ArrayList<>();
            for (int c = 0; c < CONCURRENCY; c++) {
                ChildNode entry = nodes.get(c % nodes.size());
                MeshClient client = mesh.client(entry);
                loops.add(clients.submit(() -> {
                    while (System.nanoTime() < end) {
                        String other = entry.domain().equals(ALPHA) ? BETA : ALPHA;
                        ExecutableObject o = object(
                                entry.domain(),
                                Map.of("n", seq.incrementAndGet()),
                                step("s1", "prepare", entry.domain()),
                                step("s2", "score", other));
                        long started = System.nanoTime();
                        try {
                            String outcome = submitAndWatch(watchers, client, entry.domain(), o);
                            if (outcome.equals(TerminalStatus.TERMINAL_STATUS_COMPLETED.name())) {
                                latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                            } else {
                                failures.add(Plans.id(o) + ": " + outcome);
                            }
                        } catch (RuntimeException e) {
                            failures.add(Plans.id(o) + ": " + e);
                        }
                    }
                }));
            }
            for (Future<?> f : loops) {
                f.get(length.toSeconds() + 120, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
        List<Long> sorted = new ArrayList<>(latencies);
        sorted.sort(null);
        return new Run(sorted, List.copyOf(failures));
    }

    /** Submits, then watches the object where it went until it terminates; returns its terminal status. */
    private static String submitAndWatch(
            Map<String, MeshClient> watchers, MeshClient entry, String owner, ExecutableObject o) {
        SubmitResponse r =
                entry.node().submit(SubmitRequest.newBuilder().setObject(o).build());
        if (r.getStatus().getLifecycle() == Lifecycle.LIFECYCLE_TERMINATED) {
            return r.getStatus().getTerminalStatus().name();
        }
        String holder = r.getStatus().getHolder().getNodeId();
        MeshClient at = watchers.get(holder + "/" + owner);
        if (at == null) {
            return "held by " + holder + ", not a node of this run";
        }
        Iterator<WatchResponse> watch = at.node()
                .withDeadlineAfter(60, TimeUnit.SECONDS)
                .watch(WatchRequest.newBuilder()
                        .setObjectId(Plans.id(o))
                        .setFromSeq(r.getStatus().getEntries())
                        .build());
        while (watch.hasNext()) {
            WatchResponse w = watch.next();
            if (w.hasMoved()) {
                return "moved on from " + holder + " (not in this plan)";
            }
            if (w.getStatus().getLifecycle() == Lifecycle.LIFECYCLE_TERMINATED) {
                return w.getStatus().getTerminalStatus().name();
            }
        }
        return "watch ended before the object terminated";
    }
}
