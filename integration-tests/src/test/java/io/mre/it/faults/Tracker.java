package io.mre.it.faults;

import static java.util.Objects.requireNonNull;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.mre.it.mesh.Plans;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.GetResponse;
import io.mre.proto.v1.Lifecycle;
import io.mre.proto.v1.SignalRequest;
import io.mre.proto.v1.SignalResponse;
import io.mre.proto.v1.SubmitRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Submits the run's objects and follows each until it terminates, as a client would: it asks the node that last
 * had the object, then the others (a Get on a memory-aware node that holds it); it signals an object of the
 * {@link Workload#SIGNAL} plan once it waits for the signal. Calls have short deadlines, so a stopped node costs a
 * poll, not the run. The terminal objects it collects are what the suite audits.
 */
final class Tracker implements AutoCloseable {
    private static final long CALL_DEADLINE_MILLIS = 3000;

    /** One object of the run. */
    record Tracked(String id, String owner, Workload plan, Instant submitted, ExecutableObject created) {}

    private final FaultMesh mesh;
    private final Map<String, Tracked> all = new ConcurrentHashMap<>();
    private final Map<String, String> lastSeenAt = new ConcurrentHashMap<>();
    private final Map<String, GetResponse> terminal = new ConcurrentHashMap<>();
    private final Map<String, Long> lastPolled = new ConcurrentHashMap<>();
    private final ExecutorService calls = Executors.newFixedThreadPool(6);
    private final AtomicLong signals = new AtomicLong();
    private final AtomicLong submitRetries = new AtomicLong();
    private final Map<String, Integer> submitFailures = new ConcurrentHashMap<>();

    Tracker(FaultMesh mesh) {
        this.mesh = requireNonNull(mesh, "mesh is null");
    }

    /**
     * Submits {@code object} at {@code nodeId} until the node has it: a Submit the node answered, or, after a
     * failed call, a Get that finds it on some node (the node took it before the fault and may have moved it on).
     * Never at another node: that would be a second custody made by the client, not by the mesh.
     */
    void submit(String nodeId, Workload plan, ExecutableObject object, Duration patience) {
        String id = Plans.id(object);
        String owner = mesh.domainOf(nodeId);
        all.put(id, new Tracked(id, owner, plan, Instant.now(), object));
        lastSeenAt.put(id, nodeId);
        long until = System.nanoTime() + patience.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < until) {
            try {
                mesh.client(nodeId, owner)
                        .node()
                        .withDeadlineAfter(60, TimeUnit.SECONDS)
                        .submit(SubmitRequest.newBuilder().setObject(object).build());
                return;
            } catch (StatusRuntimeException e) {
                if (last != null
                        && e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION
                        && "FORK_DETECTED"
                                .equals(io.mre.it.mesh.RpcErrors.errorInfo(e).getReason())) {
                    // a retry refused as older than the history the node holds: it took the first attempt and
                    // has moved the object on since (a Get no longer finds it there)
                    return;
                }
                last = e;
                submitRetries.incrementAndGet();
                submitFailures.merge(e.getStatus().getCode().name(), 1, Integer::sum);
                if (heldAnywhere(id, owner)) {
                    return;
                }
                mesh.client(nodeId, owner).resetConnectBackoff();
                Faults.pause(Duration.ofMillis(250));
            }
        }
        throw new AssertionError("could not submit " + id + " at " + nodeId + " within " + patience, last);
    }

    /**
     * Whether a memory-aware node holds the object: a Submit that failed may still have been taken, and the object
     * may have moved on since (the sender keeps its copy until the receiver parked it, so a few sweeps find it).
     * Submitting it again would be a second object with the same id, made by the client.
     */
    private boolean heldAnywhere(String id, String owner) {
        for (int sweep = 0; sweep < 3; sweep++) {
            for (String node : mesh.memoryAware()) {
                if (get(node, id, owner).isPresent()) {
                    lastSeenAt.put(id, node);
                    return true;
                }
            }
        }
        return false;
    }

    /** One round: every object not known terminal and not polled in the last {@code every} is looked up. */
    void pollOnce(Duration every) throws InterruptedException {
        long now = System.nanoTime();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (Tracked t : all.values()) {
            if (terminal.containsKey(t.id()) || now - lastPolled.getOrDefault(t.id(), 0L) < every.toNanos()) {
                continue;
            }
            lastPolled.put(t.id(), now);
            tasks.add(() -> {
                follow(t);
                return null;
            });
        }
        calls.invokeAll(tasks);
    }

    private void follow(Tracked t) {
        List<String> order = new ArrayList<>();
        order.add(lastSeenAt.get(t.id()));
        mesh.memoryAware().stream().filter(n -> !order.contains(n)).forEach(order::add);
        for (String nodeId : order) {
            Optional<GetResponse> found = get(nodeId, t.id(), t.owner());
            if (found.isEmpty()) {
                continue;
            }
            GetResponse r = found.get();
            lastSeenAt.put(t.id(), nodeId);
            if (r.getStatus().getLifecycle() == Lifecycle.LIFECYCLE_TERMINATED) {
                terminal.put(t.id(), r);
            } else if (t.plan() == Workload.SIGNAL
                    && r.getStatus().getLifecycle() == Lifecycle.LIFECYCLE_DORMANT
                    && r.getStatus().getPendingList().stream()
                            .anyMatch(c -> Workload.SIGNAL_NAME.equals(c.getSignal()))) {
                signal(nodeId, t);
            }
            return;
        }
    }

    private void signal(String nodeId, Tracked t) {
        try {
            SignalResponse r = mesh.client(nodeId, t.owner())
                    .node()
                    .withDeadlineAfter(CALL_DEADLINE_MILLIS, TimeUnit.MILLISECONDS)
                    .signal(SignalRequest.newBuilder()
                            .setObjectId(t.id())
                            .setName(Workload.SIGNAL_NAME)
                            .build());
            signals.incrementAndGet();
            if (r.getStatus().getLifecycle() == Lifecycle.LIFECYCLE_TERMINATED) {
                terminal.put(
                        t.id(),
                        GetResponse.newBuilder()
                                .setObject(r.getObject())
                                .setStatus(r.getStatus())
                                .build());
            }
        } catch (StatusRuntimeException e) {
            // moved, in transit or unreachable: the next round finds it again
        }
    }

    /** The object at that node, empty when the node does not hold it or does not answer in time. */
    Optional<GetResponse> get(String nodeId, String objectId, String owner) {
        try {
            return Optional.of(mesh.client(nodeId, owner)
                    .node()
                    .withDeadlineAfter(CALL_DEADLINE_MILLIS, TimeUnit.MILLISECONDS)
                    .get(io.mre.proto.v1.GetRequest.newBuilder()
                            .setObjectId(objectId)
                            .build()));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                mesh.client(nodeId, owner).resetConnectBackoff();
            }
            return Optional.empty();
        }
    }

    boolean allTerminal() {
        return terminal.size() == all.size();
    }

    int submitted() {
        return all.size();
    }

    int terminated() {
        return terminal.size();
    }

    Map<String, Tracked> objects() {
        return Map.copyOf(all);
    }

    Map<String, GetResponse> terminal() {
        return Map.copyOf(terminal);
    }

    long signals() {
        return signals.get();
    }

    long submitRetries() {
        return submitRetries.get();
    }

    /** Failed Submit calls by status code (each retried at the same node). */
    Map<String, Integer> submitFailures() {
        return new java.util.TreeMap<>(submitFailures);
    }

    /** The objects not known terminal, with the node that last had them, for a failure message. */
    List<String> pending() {
        return all.keySet().stream()
                .filter(id -> !terminal.containsKey(id))
                .map(id -> id + " (" + all.get(id).plan() + ", last seen at " + lastSeenAt.get(id) + ")")
                .toList();
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }
}
