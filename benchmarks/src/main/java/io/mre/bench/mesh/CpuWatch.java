package io.mre.bench.mesh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU used during a phase: by each node, by the harness, and by everything else on the machine (other users' builds
 * and tests on a shared machine), from {@code /proc/stat} and {@code /proc/<pid>/stat} (10 ms ticks).
 */
final class CpuWatch {
    private final List<NodeProcess> nodes;
    private final long[] nodeStart;
    private final long[] jitStart;
    private final long harnessStart;
    private final long machineBusyStart;
    private final long wallStart;

    private CpuWatch(List<NodeProcess> nodes) {
        this.nodes = List.copyOf(nodes);
        this.nodeStart = nodes.stream().mapToLong(NodeProcess::cpuNanos).toArray();
        this.jitStart = nodes.stream().mapToLong(NodeProcess::jitCpuNanos).toArray();
        this.harnessStart = Common.selfCpuNanos();
        this.machineBusyStart = machineBusyNanos();
        this.wallStart = System.nanoTime();
    }

    static CpuWatch start(List<NodeProcess> nodes) {
        return new CpuWatch(nodes);
    }

    /**
     * What was used since the start, per unit of work ({@code units} operations or objects); {@code jitPerUnit}: the
     * part of each node's CPU its JIT compiler threads used (still compiling: the phase measures the JIT too).
     */
    record Usage(
            List<String> names, double[] nodePerUnit, double[] jitPerUnit, double harnessPerUnit, double othersShare) {
        /** {@code b1 412 µs (JIT 20 µs), harness 180 µs; others used 12% of the machine}. */
        String summary() {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < names.size(); i++) {
                s.append(names.get(i))
                        .append(' ')
                        .append(Common.us(nodePerUnit[i]))
                        .append(" (JIT ")
                        .append(Common.us(jitPerUnit[i]))
                        .append("), ");
            }
            return s.append("harness ")
                    .append(Common.us(harnessPerUnit))
                    .append(String.format("; other processes used %.0f%% of the 2 cores", othersShare * 100))
                    .toString();
        }
    }

    Usage stop(long units) {
        return stop(units, 0);
    }

    /** As {@link #stop(long)}, counting {@code alsoOurs} (e.g. a node started meanwhile) as ours. */
    Usage stop(long units, long alsoOurs) {
        long wall = System.nanoTime() - wallStart;
        double[] perUnit = new double[nodes.size()];
        double[] jitPerUnit = new double[nodes.size()];
        long ours = alsoOurs;
        for (int i = 0; i < nodes.size(); i++) {
            long used = nodes.get(i).cpuNanos() - nodeStart[i];
            ours += used;
            perUnit[i] = used / (double) Math.max(1, units);
            jitPerUnit[i] = Math.max(0, nodes.get(i).jitCpuNanos() - jitStart[i]) / (double) Math.max(1, units);
        }
        long harness = Common.selfCpuNanos() - harnessStart;
        ours += harness;
        long busy = machineBusyNanos() - machineBusyStart;
        int cores = Runtime.getRuntime().availableProcessors();
        double others = Math.max(0, (busy - ours) / (double) (wall * (long) cores));
        return new Usage(
                nodes.stream().map(NodeProcess::nodeId).toList(),
                perUnit,
                jitPerUnit,
                harness / (double) Math.max(1, units),
                others);
    }

    /** Non-idle CPU time of the whole machine since boot. */
    static long machineBusyNanos() {
        try {
            String[] f =
                    Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return (total - idle) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
