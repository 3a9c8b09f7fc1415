package io.mre.it.faults;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Injects faults into a {@link FaultMesh} on its own thread until stopped, one after another in a fixed rotation,
 * the victims drawn from a seeded random: SIGKILL a node and start it again; SIGSTOP a node for longer than the
 * hand-off timeout, then SIGCONT; delay, reset or black-hole both directions of the link between two nodes for a
 * while, then heal it. Every fault is healed before the next one starts and before {@link #stop()} returns, which
 * waits for the rounds asked for. The
 * nodes it is faulting are {@link #unhealthy()} meanwhile (the run submits elsewhere).
 */
final class Faults implements AutoCloseable {
    enum Kind {
        KILL,
        PAUSE,
        LINK_DELAY,
        LINK_RESET,
        LINK_BLACKHOLE
    }

    /**
     * Whether faults also hit the stateless node and its links (on unless {@code -Dmre.faults.statelessFaults=false}):
     * a relay retried after its first attempt got through must get the first journey's answer, not run it again.
     */
    static final boolean STATELESS_FAULTS =
            Boolean.parseBoolean(System.getProperty("mre.faults.statelessFaults", "true"));

    private static final List<Kind> ROTATION =
            List.of(Kind.KILL, Kind.LINK_DELAY, Kind.PAUSE, Kind.LINK_RESET, Kind.KILL, Kind.LINK_BLACKHOLE);

    /**
     * One fault: what, on which nodes (a link: from, to), when it began and when it was healed (a kill: when the
     * process died; its restart is part of the recovery).
     */
    record Fault(Kind kind, List<String> nodes, Instant began, Instant healed) {}

    private final FaultMesh mesh;
    private final Random random;
    private final Duration pauseFor;
    private final Duration linkFor;
    private final Duration gap;
    private final List<Fault> done = new ArrayList<>();
    private final Set<String> unhealthy = ConcurrentHashMap.newKeySet();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final CountDownLatch aborting = new CountDownLatch(1);
    private final int minFaults;
    private final List<String> killOrder = new ArrayList<>();
    private final Thread thread;
    private volatile Throwable failure;

    /**
     * @param rounds how many times the whole rotation runs at least (one round: every kind, kills twice)
     */
    Faults(FaultMesh mesh, long seed, int rounds, Duration pauseFor, Duration linkFor, Duration gap) {
        this.mesh = requireNonNull(mesh, "mesh is null");
        this.minFaults = rounds * ROTATION.size();
        this.random = new Random(seed);
        this.pauseFor = pauseFor;
        this.linkFor = linkFor;
        this.gap = gap;
        this.thread = new Thread(this::run, "fault-injector");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            hold(gap);
            for (int i = 0; !aborted() && !(stopping.getCount() == 0 && i >= minFaults); i++) {
                inject(ROTATION.get(i % ROTATION.size()));
                hold(gap);
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    /**
     * Kills go round every node before any is killed twice, in a seeded order with the stateless node second (when
     * it is faulted), so even a one-round run kills a relay in the middle of journeys.
     */
    private String nextKillVictim(List<String> ids) {
        if (killOrder.isEmpty()) {
            List<String> order = new ArrayList<>(
                    ids.stream().filter(n -> mesh.memoryAware().contains(n)).toList());
            java.util.Collections.shuffle(order, random);
            ids.stream()
                    .filter(n -> !mesh.memoryAware().contains(n))
                    .forEach(n -> order.add(Math.min(1, order.size()), n));
            killOrder.addAll(order);
        }
        return killOrder.removeFirst();
    }

    private void inject(Kind kind) {
        List<String> ids = STATELESS_FAULTS
                ? mesh.nodeIds()
                : mesh.nodeIds().stream()
                        .filter(n -> mesh.memoryAware().contains(n))
                        .toList();
        switch (kind) {
            case KILL -> {
                String victim = nextKillVictim(ids);
                unhealthy.add(victim);
                Instant began = Instant.now();
                try {
                    mesh.killAndRestart(victim);
                } finally {
                    unhealthy.remove(victim);
                }
                record(kind, List.of(victim), began, began);
            }
            case PAUSE -> {
                List<String> memoryAware = mesh.memoryAware();
                String victim = memoryAware.get(random.nextInt(memoryAware.size()));
                unhealthy.add(victim);
                Instant began = Instant.now();
                mesh.node(victim).pause();
                try {
                    hold(pauseFor);
                } finally {
                    mesh.node(victim).resume();
                    unhealthy.remove(victim);
                }
                record(kind, List.of(victim), began, Instant.now());
            }
            default -> {
                // a link custody crosses: between nodes of two domains (plans never hand over within a domain)
                String from = ids.get(random.nextInt(ids.size()));
                List<String> others = ids.stream()
                        .filter(n -> !mesh.domainOf(n).equals(mesh.domainOf(from)))
                        .toList();
                String to = others.get(random.nextInt(others.size()));
                List<TcpProxy> link = List.of(mesh.proxy(from, to), mesh.proxy(to, from));
                Instant began = Instant.now();
                try {
                    for (TcpProxy p : link) {
                        switch (kind) {
                            case LINK_DELAY -> p.delay(Duration.ofMillis(200 + random.nextInt(600)));
                            case LINK_RESET -> p.reset();
                            default -> p.blackhole();
                        }
                    }
                    hold(linkFor);
                } finally {
                    link.forEach(TcpProxy::pass);
                }
                record(kind, List.of(from, to), began, Instant.now());
            }
        }
    }

    private synchronized void record(Kind kind, List<String> nodes, Instant began, Instant healed) {
        done.add(new Fault(kind, nodes, began, healed));
    }

    /**
     * Ends the injection once the rounds asked for are done and the fault under way is healed; rethrows what failed
     * on the injector's thread.
     */
    void stop() {
        stopping.countDown();
        try {
            thread.join(TimeUnit.MINUTES.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new AssertionError("the fault injector did not stop within 10 minutes");
        }
        if (failure != null) {
            throw new AssertionError("the fault injector failed", failure);
        }
    }

    Set<String> unhealthy() {
        return Set.copyOf(unhealthy);
    }

    synchronized List<Fault> injected() {
        return List.copyOf(done);
    }

    /** Counts by kind, e.g. {@code KILL=4 PAUSE=2 ...}. */
    synchronized Map<Kind, Integer> counts() {
        Map<Kind, Integer> counts = new TreeMap<>();
        for (Kind k : Kind.values()) {
            counts.put(k, 0);
        }
        done.forEach(f -> counts.merge(f.kind(), 1, Integer::sum));
        return counts;
    }

    private boolean aborted() {
        return aborting.getCount() == 0;
    }

    /** Holds a fault (or the gap between two) for {@code d}, or less once aborted ({@link #close()}). */
    private void hold(Duration d) {
        try {
            aborting.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Paces a retry: the fault's duration, not a bet on how long anything takes. */
    static void pause(Duration d) {
        LockSupport.parkNanos(d.toNanos());
    }

    /** Aborts the injection (after a failure): the fault under way is healed at once. */
    @Override
    public void close() {
        aborting.countDown();
        try {
            thread.join(TimeUnit.MINUTES.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
