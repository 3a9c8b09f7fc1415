package io.mre.it.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mre.engine.verify.Verifier;
import io.mre.engine.verify.VerifierSettings;
import io.mre.it.mesh.Plans;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.GetResponse;
import io.mre.proto.v1.TerminalStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promises under faults, with real node processes: four memory-aware nodes in alpha and beta and a stateless
 * node in gamma, every link through a {@link TcpProxy}. A bounded run of objects whose plans cross domains, wait on
 * timers and signals, and pass through the stateless node, while {@link Faults} kills and restarts nodes, stops one
 * for longer than the hand-off timeout, and delays, resets and black-holes links. At the end: every object
 * completed (a fault never turns into a rejection, an expiry or a failure); none lost; exactly one node holds each,
 * with the head the client saw; each step's effect applied once, under one key, on one node; every history
 * verifies with replay. Sized by {@code mre.faults.objects} / {@code mre.faults.rate} (see README, "Faults").
 */
class FaultSuiteIT {
    private static final Duration HANDOFF_TIMEOUT = Duration.ofSeconds(2);
    private static final int OBJECTS = Integer.getInteger("mre.faults.objects", 500);
    /** Objects submitted per second across the mesh. */
    private static final int RATE = Integer.getInteger("mre.faults.rate", 12);

    private static final long SEED = Long.getLong("mre.faults.seed", 14);
    /** Times the fault rotation (kill, delay, stop, reset, kill, black hole) runs at least. */
    private static final int ROUNDS = Integer.getInteger("mre.faults.rounds", 1);

    private static final Duration DRAIN = Duration.ofMinutes(5);
    /** A node killed just after it was picked answers again once restarted: on a loaded 2-core machine, ~1 min. */
    private static final Duration SUBMIT_PATIENCE = Duration.ofMinutes(3);

    /** Kept when the test fails: each node's folder holds its logs, data and node.yaml. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void underFaults_everyObjectCompletesOnceInOneCustody() throws Exception {
        Path records = Files.createDirectories(dir.resolve("records"));
        System.out.println("fault suite folder: " + dir);
        try (FaultMesh mesh = FaultMesh.start(dir.resolve("mesh"), 2, HANDOFF_TIMEOUT);
                Tracker tracker = new Tracker(mesh);
                Faults faults = new Faults(
                        mesh,
                        SEED,
                        ROUNDS,
                        HANDOFF_TIMEOUT.multipliedBy(2),
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(2))) {
            Instant began = Instant.now();
            faults.start();
            ExecutorService submitters = Executors.newFixedThreadPool(8);
            Thread poller = Thread.ofPlatform().daemon().name("tracker").start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        tracker.pollOnce(Duration.ofMillis(500));
                        Faults.pause(Duration.ofMillis(100));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            try {
                List<Future<?>> submitted = submitAll(mesh, tracker, faults, submitters, records);
                for (Future<?> f : submitted) {
                    f.get();
                }
                faults.stop();
                await("every object terminal")
                        .atMost(DRAIN)
                        .pollInterval(Duration.ofSeconds(1))
                        .until(tracker::allTerminal);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError(
                        tracker.pending().size() + " objects not terminal: "
                                + tracker.pending().stream().limit(20).toList(),
                        e);
            } finally {
                faults.close();
                poller.interrupt();
                submitters.shutdownNow();
            }
            Duration runTime = Duration.between(began, Instant.now());
            audit(mesh, tracker, records);
            System.out.println(summary(tracker, faults, runTime));
        }
    }

    private static List<Future<?>> submitAll(
            FaultMesh mesh, Tracker tracker, Faults faults, ExecutorService submitters, Path records) {
        List<Future<?>> futures = new ArrayList<>();
        List<String> entry = mesh.memoryAware();
        long periodNanos = 1_000_000_000L / RATE;
        long start = System.nanoTime();
        Workload[] plans = Workload.values();
        for (int i = 0; i < OBJECTS; i++) {
            long due = start + i * periodNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Faults.pause(Duration.ofNanos(wait));
            }
            String at = pick(entry, i, faults);
            String own = mesh.domainOf(at);
            String other = own.equals(FaultMesh.ALPHA) ? FaultMesh.BETA : FaultMesh.ALPHA;
            Workload plan = plans[i % plans.length];
            ExecutableObject object = plan.create(own, other, records);
            futures.add(submitters.submit(() -> tracker.submit(at, plan, object, SUBMIT_PATIENCE)));
        }
        return futures;
    }

    /** Round robin over the entry nodes, skipping one under a fault (a client would try another node). */
    private static String pick(List<String> entry, int i, Faults faults) {
        for (int k = 0; k < entry.size(); k++) {
            String n = entry.get((i + k) % entry.size());
            if (!faults.unhealthy().contains(n)) {
                return n;
            }
        }
        return entry.get(i % entry.size());
    }

    // --- the audit ---------------------------------------------------------------------------------------------

    private static void audit(FaultMesh mesh, Tracker tracker, Path records) throws Exception {
        Map<String, Tracker.Tracked> objects = tracker.objects();
        Map<String, GetResponse> terminal = tracker.terminal();
        assertThat(terminal.keySet()).as("none lost").containsExactlyInAnyOrderElementsOf(objects.keySet());

        List<String> notCompleted = terminal.values().stream()
                .filter(r -> r.getStatus().getTerminalStatus() != TerminalStatus.TERMINAL_STATUS_COMPLETED)
                .map(r -> r.getStatus().getObjectId() + " " + r.getStatus().getTerminalStatus() + " "
                        + Plans.journey(r.getObject()))
                .toList();
        assertThat(notCompleted)
                .as("a fault turned into another outcome than the plan's")
                .isEmpty();

        Custody custody = new Custody(mesh, tracker);
        await("each object held by exactly one node")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(custody.check())
                        .as("objects in two custodies or with divergent heads")
                        .isEmpty());

        Verifier verifier = new Verifier(VerifierSettings.strict(mesh.mesh().trustBundle()));
        for (GetResponse r : terminal.values()) {
            verifier.verify(r.getObject()); // throws INTEGRITY_VIOLATION naming the rule
        }

        Effects effects = Effects.read(records);
        assertThat(effects.appliedTwice())
                .as("keys applied on more than one node")
                .isEmpty();
        assertThat(effects.stepsUnderTwoKeys())
                .as("steps run under more than one key")
                .isEmpty();
        List<String> notOnce = new ArrayList<>();
        for (GetResponse r : terminal.values()) {
            String id = r.getStatus().getObjectId();
            for (Entry e : Plans.entries(r.getObject())) {
                if (e.getAction() == io.mre.proto.v1.Action.ACTION_EXECUTE) {
                    String node = effects.appliedAt(id, e.getStepId());
                    if (!e.getNode().getNodeId().equals(node)) {
                        notOnce.add(id + "/" + e.getStepId() + " executed by "
                                + e.getNode().getNodeId() + ", applied by " + node);
                    }
                }
            }
        }
        assertThat(notOnce)
                .as("each executed step's effect applied exactly once, by the node that executed it")
                .isEmpty();
        assertThat(effects.applied())
                .as("one effect per executed step of every object")
                .isEqualTo(terminal.values().stream()
                        .mapToLong(r -> Plans.entries(r.getObject()).stream()
                                .filter(e -> e.getAction() == io.mre.proto.v1.Action.ACTION_EXECUTE)
                                .count())
                        .sum());
    }

    private static String summary(Tracker tracker, Faults faults, Duration runTime) {
        List<Long> completion = new ArrayList<>();
        for (Map.Entry<String, GetResponse> e : tracker.terminal().entrySet()) {
            Entry last = Plans.entries(e.getValue().getObject()).getLast();
            Instant end = io.mre.engine.time.Timestamps.toInstant(last.getTime());
            completion.add(Duration.between(tracker.objects().get(e.getKey()).submitted(), end)
                    .toMillis());
        }
        completion.sort(null);
        Recovery recovery = Recovery.of(faults.injected(), tracker.terminal().values());
        recovery.each().forEach(line -> System.out.println("  fault " + line));
        return String.format(
                "faults: objects=%d completed=%d faults=%s max-recovery=%s p50=%dms p99=%dms "
                        + "signals=%d submit-retries=%s run=%ds",
                tracker.submitted(),
                tracker.terminated(),
                faults.counts(),
                recovery,
                completion.get(completion.size() / 2),
                completion.get((int) Math.ceil(completion.size() * 0.99) - 1),
                tracker.signals(),
                tracker.submitFailures(),
                runTime.toSeconds());
    }
}
