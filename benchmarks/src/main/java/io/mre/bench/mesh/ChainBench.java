package io.mre.bench.mesh;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.mre.engine.time.Timestamps;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.EvaluateRequest;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.ExecutionNodeServiceGrpc;
import io.mre.proto.v1.GetRequest;
import io.mre.proto.v1.GetResponse;
import io.mre.proto.v1.Header;
import io.mre.proto.v1.Step;
import io.mre.proto.v1.SubmitRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Objects through a chain of memory-aware nodes, end to end: {@code a1@a → b1@b (→ c1@c)}, each node its own JVM,
 * each step of the plan routed to the next node's domain. A client submits to a1 (which runs step 1, hands the
 * object to b1 and answers once b1 acknowledged custody); b1 runs step 2 and hands it to c1; c1 runs step 3 and
 * terminates it. At most {@code concurrency} objects are in flight end to end: a tracker reads each object back
 * from the last node ({@code Get}, oldest first) and frees a slot when it has terminated there. Latencies come from
 * the objects themselves: the header's creation time (set by the harness just before the submit) and each entry's
 * time (one clock: one machine), so the tracker's polling does not blur them.
 */
final class ChainBench {
    private ChainBench() {}

    static void run(Options o, Common common) {
        boolean tls = o.flag("tls", true);
        int nodes = o.integer("nodes", 3);
        List<Integer> concurrencies = o.integers("concurrency", "1,32");
        int warmupObjects = o.integer("warmup", 20_000);
        int warmupSeconds = o.integer("warmup-max-seconds", 150);
        int seconds = o.integer("seconds", 20);
        o.requireAllRead();
        if (nodes < 2 || nodes > 3) {
            throw new IllegalArgumentException("--nodes is 2 or 3");
        }
        List<String> domains = List.of("a", "b", "c").subList(0, nodes);
        String scenario = nodes + "-node chain " + String.join("→", domains) + " (memory-aware, "
                + (tls ? "mTLS" : "plaintext") + ")";
        try (Mesh mesh = common.mesh(tls, domains.toArray(String[]::new))) {
            List<NodeProcess> chain = new ArrayList<>();
            for (int i = nodes - 1; i >= 0; i--) {
                String d = domains.get(i);
                Mesh.NodeSpec spec = Mesh.NodeSpec.memoryAware(d + "1", d);
                if (i < nodes - 1) {
                    spec = spec.withPeers(mesh.address(domains.get(i + 1) + "1"));
                }
                chain.addFirst(mesh.start(spec));
            }
            NodeProcess first = chain.getFirst();
            NodeProcess last = chain.getLast();
            common.say("# " + scenario + ": " + chain + ", node JVM " + common.nodeJvm());
            Step[] plan =
                    domains.stream().map(d -> BenchObjects.step("s-" + d, d)).toArray(Step[]::new);
            ManagedChannel toFirst = mesh.channel(first.address(), mesh.issue("client.a", "a"));
            // A client of the objects' owner domain: a node answers Get about an object only to its owner's callers.
            ManagedChannel toLast = mesh.channel(last.address(), mesh.issue("client.last", domains.getFirst()));
            awaitPeers(mesh, chain, domains);
            var submit = ExecutionNodeServiceGrpc.newBlockingStub(toFirst);
            var get = ExecutionNodeServiceGrpc.newBlockingStub(toLast);

            // Warm-up by count (the JIT compiles by invocation counts): 20 000 objects through the chain, however
            // long that takes up to the limit.
            Phase w = Phase.run(
                    common,
                    "warm-up",
                    32,
                    Duration.ofSeconds(warmupSeconds),
                    warmupObjects,
                    domains.getFirst(),
                    plan,
                    submit,
                    get,
                    chain);
            common.say("  " + w.summary());
            for (int c : concurrencies) {
                Phase m = Phase.run(
                        common,
                        "measured",
                        c,
                        Duration.ofSeconds(seconds),
                        Integer.MAX_VALUE,
                        domains.getFirst(),
                        plan,
                        submit,
                        get,
                        chain);
                common.say("  " + m.summary());
                m.hops().forEach((hop, l) -> common.say("    " + hop + ": " + l.summary()));
                String label = scenario + ", c=" + c;
                common.row(
                        label,
                        "objects/s end to end",
                        String.format("%.0f", m.perSecond()),
                        "",
                        "CPU/object: " + m.cpuPerObject());
                common.row(
                        label,
                        "end-to-end latency p50 / p99",
                        Latencies.ms(m.endToEnd().percentile(50)) + " / "
                                + Latencies.ms(m.endToEnd().percentile(99)),
                        "",
                        "submit to a1 answered: p50 " + Latencies.ms(m.submit().percentile(50)) + ", p99 "
                                + Latencies.ms(m.submit().percentile(99)));
            }
            double count = first.metric("mre_handoff_seconds_count", "outcome=\"accepted\"");
            double sum = first.metric("mre_handoff_seconds_sum", "outcome=\"accepted\"");
            common.say(String.format(
                    "  a1's custody transfers (Micrometer, whole run): %.0f, mean %.3f ms", count, sum / count * 1e3));
        }
    }

    /** Waits until each node but the last would delegate the next domain's step (its peer has described itself). */
    private static void awaitPeers(Mesh mesh, List<NodeProcess> chain, List<String> domains) {
        for (int i = 0; i < chain.size() - 1; i++) {
            NodeProcess node = chain.get(i);
            ManagedChannel ch = mesh.channel(node.address(), mesh.issue("client.probe" + i, node.domain()));
            var stub = ExecutionNodeServiceGrpc.newBlockingStub(ch);
            EvaluateRequest probe = EvaluateRequest.newBuilder()
                    .setObject(BenchObjects.create(node.domain(), BenchObjects.step("probe", domains.get(i + 1))))
                    .build();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (stub.withDeadlineAfter(10, TimeUnit.SECONDS).evaluate(probe).getAction() != Action.ACTION_DELEGATE) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(node + " does not see its peer");
                }
                NodeProcess.sleep(100);
            }
        }
    }

    /** One phase: objects submitted with at most {@code concurrency} in flight end to end. */
    record Phase(
            String label,
            int concurrency,
            int objects,
            long wallNanos,
            Latencies endToEnd,
            Latencies submit,
            Map<String, Latencies> hops,
            String cpuPerObject,
            Map<String, Long> failures) {
        double perSecond() {
            return objects / (wallNanos / 1e9);
        }

        String summary() {
            return String.format(
                    "%s: c=%d, %d objects in %.1f s = %.0f objects/s; end to end %s; submit %s; " + "CPU/object %s%s",
                    label,
                    concurrency,
                    objects,
                    wallNanos / 1e9,
                    perSecond(),
                    endToEnd.summary(),
                    submit.summary(),
                    cpuPerObject,
                    failures.isEmpty() ? "" : "; FAILED " + failures);
        }

        static Phase run(
                Common common,
                String label,
                int concurrency,
                Duration duration,
                int maxObjects,
                String domain,
                Step[] plan,
                ExecutionNodeServiceGrpc.ExecutionNodeServiceBlockingStub submit,
                ExecutionNodeServiceGrpc.ExecutionNodeServiceBlockingStub get,
                List<NodeProcess> chain) {
            Semaphore slots = new Semaphore(concurrency);
            ConcurrentLinkedQueue<String> inFlight = new ConcurrentLinkedQueue<>();
            Map<String, LongAdder> failures = new ConcurrentHashMap<>();
            List<Long> submitNanos = java.util.Collections.synchronizedList(new ArrayList<>());
            List<ExecutableObject> done = new ArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong submitted = new AtomicLong();
            CpuWatch cpuWatch = CpuWatch.start(chain);
            long started = System.nanoTime();
            long end = started + duration.toNanos();
            List<Thread> submitters = new ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                submitters.add(Thread.ofPlatform().name("submit-" + t).start(() -> {
                    while (!stop.get()) {
                        try {
                            if (!slots.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                                continue;
                            }
                        } catch (InterruptedException e) {
                            return;
                        }
                        if (stop.get() || submitted.incrementAndGet() > maxObjects) {
                            stop.set(true);
                            slots.release();
                            return;
                        }
                        ExecutableObject object = BenchObjects.create(domain, plan);
                        String id = id(object);
                        long t0 = System.nanoTime();
                        try {
                            inFlight.add(id);
                            submit.withDeadlineAfter(60, TimeUnit.SECONDS)
                                    .submit(SubmitRequest.newBuilder()
                                            .setObject(object)
                                            .build());
                            submitNanos.add(System.nanoTime() - t0);
                        } catch (StatusRuntimeException e) {
                            inFlight.remove(id);
                            failures.computeIfAbsent(
                                            e.getStatus().getCode() + ": "
                                                    + e.getStatus().getDescription(),
                                            k -> new LongAdder())
                                    .increment();
                            slots.release();
                        }
                    }
                }));
            }
            // The tracker: oldest object first; when it has terminated at the last node, free its slot.
            long lastDone = started;
            while (true) {
                long now = System.nanoTime();
                if (now >= end && !stop.get()) {
                    stop.set(true);
                }
                String oldest = inFlight.peek();
                if (oldest == null) {
                    if (stop.get() && submitters.stream().noneMatch(Thread::isAlive)) {
                        break;
                    }
                    LockSupport.parkNanos(100_000);
                    continue;
                }
                ExecutableObject finished = terminated(get, oldest);
                if (finished == null) {
                    // Each poll costs the last node a Get: poll the oldest object only, at most every millisecond.
                    LockSupport.parkNanos(1_000_000);
                    continue;
                }
                inFlight.remove(oldest);
                done.add(finished);
                lastDone = System.nanoTime();
                slots.release();
            }
            long wall = lastDone - started;
            String cpu = cpuWatch.stop(done.size()).summary();
            Map<String, Long> failed = new TreeMap<>();
            failures.forEach((k, v) -> failed.put(k, v.sum()));
            long[] e2e = new long[done.size()];
            Map<String, long[]> hops = new java.util.LinkedHashMap<>();
            int n = 0;
            for (ExecutableObject object : done) {
                List<Entry> entries = entries(object);
                Instant created = created(object);
                e2e[n] = nanosBetween(created, time(entries.getLast()));
                Entry previous = null;
                for (Entry e : entries) {
                    String hop = previous == null ? "submit → " + name(e) : name(previous) + " → " + name(e);
                    long d = nanosBetween(previous == null ? created : time(previous), time(e));
                    hops.computeIfAbsent(hop, k -> new long[done.size()])[n] = d;
                    previous = e;
                }
                n++;
            }
            Map<String, Latencies> hopLatencies = new java.util.LinkedHashMap<>();
            hops.forEach((k, v) -> hopLatencies.put(k, Latencies.of(v, done.size())));
            long[] s = submitNanos.stream().mapToLong(Long::longValue).toArray();
            return new Phase(
                    label,
                    concurrency,
                    done.size(),
                    wall,
                    Latencies.of(e2e, done.size()),
                    Latencies.of(s, s.length),
                    hopLatencies,
                    cpu,
                    failed);
        }

        private static ExecutableObject terminated(
                ExecutionNodeServiceGrpc.ExecutionNodeServiceBlockingStub get, String id) {
            try {
                GetResponse r = get.withDeadlineAfter(10, TimeUnit.SECONDS)
                        .get(GetRequest.newBuilder().setObjectId(id).build());
                List<EntryEnvelope> entries = r.getObject().getMemory().getEntriesList();
                if (entries.isEmpty()) {
                    return null;
                }
                Entry last = Entry.parseFrom(entries.getLast().getEntry());
                return last.getAction() == Action.ACTION_TERMINATE ? r.getObject() : null;
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                    return null;
                }
                throw e;
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static String id(ExecutableObject object) {
        return header(object).getObjectId();
    }

    private static Header header(ExecutableObject object) {
        try {
            return Header.parseFrom(object.getHeader().getHeader());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant created(ExecutableObject object) {
        return Timestamps.toInstant(header(object).getCreatedAt());
    }

    private static List<Entry> entries(ExecutableObject object) {
        List<Entry> list = new ArrayList<>();
        for (EntryEnvelope e : object.getMemory().getEntriesList()) {
            try {
                list.add(Entry.parseFrom(e.getEntry()));
            } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
                throw new IllegalStateException(ex);
            }
        }
        return list;
    }

    private static Instant time(Entry e) {
        return Timestamps.toInstant(e.getTime());
    }

    private static String name(Entry e) {
        return e.getNode().getNodeId() + " " + e.getAction().name().replace("ACTION_", "");
    }

    private static long nanosBetween(Instant a, Instant b) {
        return Duration.between(a, b).toNanos();
    }
}
