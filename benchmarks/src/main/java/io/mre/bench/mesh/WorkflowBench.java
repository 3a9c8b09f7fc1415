package io.mre.bench.mesh;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.mre.bench.mesh.plugin.NoopHandler;
import io.mre.client.Followed;
import io.mre.client.MreClient;
import io.mre.crypto.SigningKey;
import io.mre.engine.object.ObjectFactory;
import io.mre.proto.v1.Context;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.Origin;
import io.mre.proto.v1.Routing;
import io.mre.proto.v1.Step;
import io.mre.proto.v1.TerminalStatus;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The K-step two-party workflow of the side-by-side comparison with Restate (benchmarks/restate/): an insurer
 * ({@code insurer.test}) and a bureau ({@code bureau.test}), each one memory-aware node JVM with mutual TLS and
 * synced custody writes; step i runs the {@code noop} handler at the insurer when i is even, at the bureau when it
 * is odd, so K steps make K-1 custody transfers. A client of the insurer's domain submits each workflow to the
 * insurer and waits for it to terminate with {@link MreClient#submitAndFollowAsync} (Watch streams that follow
 * custody; no polling): a workflow's latency is from the submit to the client hearing it terminated, as a Restate
 * client's is from its ingress call to the answer. At most {@code concurrency} workflows are in flight.
 *
 * <p>Policies: {@code demo} gives each node the demo's kind of policies (trust-domain: accept from and delegate to
 * the other party only; operation-allow-list: noop; limits: maxHops K); {@code none} gives none. Every object
 * carries {@code context.max_hops = K} (the hop limit for K).
 *
 * <p>Prints, per (policies, concurrency), a line {@code RESULT system=mre-<policies> k=K c=C workflows=N seconds=S
 * throughput=X p50_ms=Y p99_ms=Z} that benchmarks/restate/side-by-side.sh reads.
 */
final class WorkflowBench {
    private static final String INSURER = "insurer.test";
    private static final String BUREAU = "bureau.test";

    private WorkflowBench() {}

    static void run(Options o, Common common) throws Exception {
        int k = o.integer("steps", 10);
        List<Integer> concurrencies = o.integers("concurrency", "1,32");
        int workflows = o.integer("workflows", 2000);
        int warmup = o.integer("warmup", 3000);
        // The JIT compiles for the mix it sees: warmed up at c=32 only, a node still deoptimizes and recompiles
        // while c=1 is measured (the compiler threads then compete with the measured work on 2 cores).
        int warmupEach = o.integer("warmup-each", 300);
        List<String> variants = List.of(o.string("policies", "demo,none").split(","));
        o.requireAllRead();
        for (String variant : variants) {
            Common inVariant = new Common(
                    common.root().resolve(variant),
                    common.nodeJar(),
                    common.nodeJvm(),
                    common.results(),
                    common.command());
            try (Mesh mesh = inVariant.mesh(true, INSURER, BUREAU)) {
                Mesh.NodeSpec insurer = Mesh.NodeSpec.memoryAware("insurer", INSURER)
                        .withPeers(mesh.address("bureau"))
                        .withPolicies(policies(variant, BUREAU, k));
                Mesh.NodeSpec bureau = Mesh.NodeSpec.memoryAware("bureau", BUREAU)
                        .withPeers(mesh.address("insurer"))
                        .withPolicies(policies(variant, INSURER, k));
                NodeProcess b = mesh.start(bureau);
                NodeProcess a = mesh.start(insurer);
                common.say("# " + k + "-step two-party workflow, policies " + variant + ": " + a + ", " + b
                        + ", node JVM " + common.nodeJvm());
                Step[] plan = plan(k);
                SigningKey clientKey = mesh.issue("client.insurer", INSURER);
                try (MreClient client = MreClient.builder()
                        .target(a.address())
                        .tls(
                                clientKey.jdkPrivateKey(),
                                clientKey.jdkCertificateChain(),
                                mesh.trust().anchors())
                        .deadline(Duration.ofSeconds(60))
                        .build()) {
                    awaitTwoWay(client, plan);
                    Phase w = Phase.run(client, plan, 32, warmup, List.of(a, b));
                    common.say("  warm-up: " + w.summary());
                    for (int c : concurrencies) {
                        if (warmupEach > 0) {
                            Phase we = Phase.run(client, plan, c, warmupEach, List.of(a, b));
                            common.say("  warm-up at c=" + c + ": " + we.summary());
                        }
                        Phase m = Phase.run(client, plan, c, workflows, List.of(a, b));
                        common.say("  measured: " + m.summary());
                        common.say("    from the entries' times: " + handOffs(mesh, m.ends()));
                        System.out.printf(
                                "RESULT system=mre-%s k=%d c=%d workflows=%d seconds=%.3f throughput=%.2f "
                                        + "p50_ms=%.3f p99_ms=%.3f%n",
                                variant,
                                k,
                                c,
                                m.latencies().count(),
                                m.wallNanos() / 1e9,
                                m.perSecond(),
                                m.latencies().percentile(50) / 1e6,
                                m.latencies().percentile(99) / 1e6);
                    }
                }
            }
        }
    }

    /** The demo's kind of policies towards {@code partner}, or none. */
    static List<Map<String, Object>> policies(String variant, String partner, int k) {
        return switch (variant) {
            case "none" -> List.of();
            case "demo" ->
                List.of(
                        Map.of(
                                "name",
                                "trust-domain",
                                "settings",
                                Map.of("acceptFrom", List.of(partner), "delegateTo", List.of(partner))),
                        Map.of(
                                "name",
                                "operation-allow-list",
                                "settings",
                                Map.of("allow", List.of(NoopHandler.OPERATION))),
                        Map.of("name", "limits", "settings", Map.of("maxHops", k)));
            default -> throw new IllegalArgumentException("--policies is demo, none or both (demo,none)");
        };
    }

    static Step[] plan(int k) {
        Step[] steps = new Step[k];
        for (int i = 0; i < k; i++) {
            steps[i] = Step.newBuilder()
                    .setId("s" + i)
                    .setOperation(NoopHandler.OPERATION)
                    .setParams(Struct.newBuilder()
                            .putFields("n", Value.newBuilder().setNumberValue(i).build()))
                    .setRouting(Routing.newBuilder().setTrustDomain(i % 2 == 0 ? INSURER : BUREAU))
                    .build();
        }
        return steps;
    }

    static ExecutableObject workflow(Step[] plan) {
        Intent intent = Intent.newBuilder()
                .setName("two-party")
                .setVersion("1")
                .setInput(Struct.newBuilder()
                        .putFields(
                                "claim",
                                Value.newBuilder().setStringValue("C-1042").build()))
                .addAllSteps(List.of(plan))
                .build();
        Context context = Context.newBuilder()
                .setTenant("bench")
                .setOwnerDomain(INSURER)
                .setMaxHops(plan.length)
                .build();
        return ObjectFactory.create(
                intent,
                context,
                Origin.newBuilder()
                        .setAuthor("client.insurer")
                        .setTrustDomain(INSURER)
                        .build(),
                Optional.empty(),
                InstantSource.system());
    }

    /** Until one workflow completes: both nodes have described each other. */
    private static void awaitTwoWay(MreClient client, Step[] plan) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Followed f = client.submitAndFollowAsync(workflow(plan)).get(60, TimeUnit.SECONDS);
            if (f.status().getTerminalStatus() == TerminalStatus.TERMINAL_STATUS_COMPLETED) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the workflow does not complete: " + f.status());
            }
            NodeProcess.sleep(200);
        }
    }

    /**
     * One hand-off's latency as the entries record it (a sender's DELEGATE entry to the receiver's next entry: the
     * transfer, the receiver's verification, durable write, acknowledgement and the start of its visit), and the
     * time from a receiver's first entry to its own DELEGATE (its visit: a step and the decision to hand on), over
     * at most 200 of the phase's workflows, read back from where each ended.
     */
    private static String handOffs(Mesh mesh, List<Followed> ends) {
        List<Long> handoff = new ArrayList<>();
        List<Long> visit = new ArrayList<>();
        Map<String, MreClient> clients = new java.util.HashMap<>();
        try {
            for (Followed f : ends.subList(0, Math.min(200, ends.size()))) {
                MreClient c = clients.computeIfAbsent(f.address(), addr -> {
                    SigningKey reader = mesh.issue("client.reader", INSURER);
                    return MreClient.builder()
                            .target(addr)
                            .tls(
                                    reader.jdkPrivateKey(),
                                    reader.jdkCertificateChain(),
                                    mesh.trust().anchors())
                            .build();
                });
                List<io.mre.proto.v1.Entry> entries = new ArrayList<>();
                for (io.mre.proto.v1.EntryEnvelope e :
                        c.get(f.status().getObjectId()).getObject().getMemory().getEntriesList()) {
                    entries.add(io.mre.proto.v1.Entry.parseFrom(e.getEntry()));
                }
                java.time.Instant visitStart = null;
                for (int i = 0; i < entries.size(); i++) {
                    java.time.Instant t = io.mre.engine.time.Timestamps.toInstant(
                            entries.get(i).getTime());
                    if (i > 0 && entries.get(i - 1).getAction() == io.mre.proto.v1.Action.ACTION_DELEGATE) {
                        handoff.add(Duration.between(
                                        io.mre.engine.time.Timestamps.toInstant(
                                                entries.get(i - 1).getTime()),
                                        t)
                                .toNanos());
                        visitStart = t;
                    }
                    if (visitStart != null && entries.get(i).getAction() == io.mre.proto.v1.Action.ACTION_DELEGATE) {
                        visit.add(Duration.between(visitStart, t).toNanos());
                    }
                }
            }
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        } finally {
            clients.values().forEach(MreClient::close);
        }
        return "hand-off (DELEGATE → receiver's next entry) "
                + Latencies.of(handoff.stream().mapToLong(x -> x).toArray(), handoff.size())
                        .summary() + "; receiver's visit (its first entry → its DELEGATE) "
                + Latencies.of(visit.stream().mapToLong(x -> x).toArray(), visit.size())
                        .summary();
    }

    record Phase(
            int concurrency,
            long wallNanos,
            Latencies latencies,
            Map<String, Long> failures,
            String cpu,
            List<Followed> ends) {
        double perSecond() {
            return latencies.count() / (wallNanos / 1e9);
        }

        String summary() {
            return String.format(
                    "c=%d, %d workflows in %.1f s = %.1f/s; %s; CPU/workflow %s%s",
                    concurrency,
                    latencies.count(),
                    wallNanos / 1e9,
                    perSecond(),
                    latencies.summary(),
                    cpu,
                    failures.isEmpty() ? "" : "; FAILED " + failures);
        }

        static Phase run(MreClient client, Step[] plan, int concurrency, int count, List<NodeProcess> nodes)
                throws InterruptedException {
            Semaphore slots = new Semaphore(concurrency);
            long[] nanos = new long[count];
            LongAdder done = new LongAdder();
            Map<String, LongAdder> failures = new ConcurrentHashMap<>();
            List<Followed> ends = java.util.Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<?>> all = new ArrayList<>(count);
            CpuWatch cpu = CpuWatch.start(nodes);
            long started = System.nanoTime();
            for (int i = 0; i < count; i++) {
                slots.acquire();
                ExecutableObject object = workflow(plan);
                int slot = i;
                long t0 = System.nanoTime();
                all.add(client.submitAndFollowAsync(object).whenComplete((f, t) -> {
                    long took = System.nanoTime() - t0;
                    if (t != null) {
                        failures.computeIfAbsent(String.valueOf(t.getMessage()), x -> new LongAdder())
                                .increment();
                    } else if (f.status().getTerminalStatus() != TerminalStatus.TERMINAL_STATUS_COMPLETED) {
                        failures.computeIfAbsent("ended " + f.status().getTerminalStatus(), x -> new LongAdder())
                                .increment();
                    } else {
                        synchronized (nanos) {
                            nanos[done.intValue()] = took;
                            done.increment();
                        }
                        ends.add(f);
                    }
                    slots.release();
                }));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                    .exceptionally(t -> null)
                    .join();
            long wall = System.nanoTime() - started;
            String usage = cpu.stop(Math.max(1, done.sum())).summary();
            Map<String, Long> failed = new java.util.TreeMap<>();
            failures.forEach((key, v) -> failed.put(key, v.sum()));
            synchronized (nanos) {
                return new Phase(
                        concurrency, wall, Latencies.of(nanos, done.intValue()), failed, usage, List.copyOf(ends));
            }
        }
    }
}
