package io.mre.bench.mesh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One node in its own JVM: {@code java <jvm options> -jar mre-node.jar --config node.yaml}, its output appended to
 * {@code stdout.log} / {@code stderr.log} beside the configuration. Reads the node's admin endpoint ({@code /healthz},
 * {@code /metrics}) and asks the JVM for a full GC with {@code jcmd}.
 */
final class NodeProcess implements AutoCloseable {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Every node process this harness started, so that an interrupted run leaves none behind. */
    private static final java.util.Set<Process> LAUNCHED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(Thread.ofPlatform()
                        .name("stop-nodes")
                        .unstarted(
                                () -> LAUNCHED.stream().filter(Process::isAlive).forEach(Process::destroy)));
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})?\\s+(\\S+)$");

    private final String nodeId;
    private final String domain;
    private final String address;
    private final int adminPort;
    private final Path folder;
    private final Process process;
    private final long launchedNanos;
    private final long logOffset;
    private final java.time.LocalTime launchedAt = java.time.LocalTime.now();
    private volatile long servingNanos;

    private NodeProcess(
            String nodeId,
            String domain,
            String address,
            int adminPort,
            Path folder,
            Process process,
            long launchedNanos,
            long logOffset) {
        this.nodeId = nodeId;
        this.domain = domain;
        this.address = address;
        this.adminPort = adminPort;
        this.folder = folder;
        this.process = process;
        this.launchedNanos = launchedNanos;
        this.logOffset = logOffset;
    }

    static NodeProcess launch(
            String nodeId,
            String domain,
            Path config,
            String address,
            int adminPort,
            Path nodeJar,
            List<String> jvmOptions) {
        Path folder = config.getParent();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(List.of("-jar", nodeJar.toAbsolutePath().toString(), "--config", config.toString()));
        try {
            Path log = folder.resolve("stdout.log");
            long offset = Files.exists(log) ? Files.size(log) : 0;
            long launched = System.nanoTime();
            Process process = new ProcessBuilder(command)
                    .directory(folder.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            folder.resolve("stdout.log").toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(
                            folder.resolve("stderr.log").toFile()))
                    .start();
            LAUNCHED.add(process);
            return new NodeProcess(nodeId, domain, address, adminPort, folder, process, launched, offset);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    String nodeId() {
        return nodeId;
    }

    String domain() {
        return domain;
    }

    /** {@code 127.0.0.1:<port>} of its gRPC listener. */
    String address() {
        return address;
    }

    long pid() {
        return process.pid();
    }

    /** {@link System#nanoTime()} just before the process was started. */
    long launchedNanos() {
        return launchedNanos;
    }

    /** The local wall-clock time of the launch (as the node's log prints times). */
    java.time.LocalTime launchedAt() {
        return launchedAt;
    }

    /** {@link System#nanoTime()} when {@code /healthz} first answered 200 (0 before). */
    long servingNanos() {
        return servingNanos;
    }

    /** Waits until {@code /healthz} answers 200; returns the nanoTime at which it did. */
    long awaitServing(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        this + " exited at start (status " + process.exitValue() + "):\n" + logTail());
            }
            try {
                HttpResponse<String> r = HTTP.send(
                        HttpRequest.newBuilder(admin("/healthz"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    long now = System.nanoTime();
                    if (servingNanos == 0) {
                        servingNanos = now;
                    }
                    return now;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(10);
        }
        throw new IllegalStateException(this + " did not serve within " + timeout + ":\n" + logTail());
    }

    /** A line of the node's log and when the harness saw it. */
    record LogLine(String line, long seenNanos) {}

    /**
     * Waits until a line this process wrote to {@code stdout.log} (not an earlier process in the same folder)
     * contains {@code needle}.
     */
    LogLine awaitLog(String needle, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path log = folder.resolve("stdout.log");
        while (System.nanoTime() < deadline) {
            try {
                if (Files.exists(log)) {
                    byte[] all = Files.readAllBytes(log);
                    List<String> lines = new String(
                                    all,
                                    (int) Math.min(logOffset, all.length),
                                    (int) Math.max(0, all.length - logOffset),
                                    StandardCharsets.UTF_8)
                            .lines()
                            .toList();
                    for (int i = lines.size() - 1; i >= 0; i--) {
                        if (lines.get(i).contains(needle)) {
                            return new LogLine(lines.get(i), System.nanoTime());
                        }
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                // a half-written line; read again
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(this + " exited:\n" + logTail());
            }
            sleep(5);
        }
        throw new IllegalStateException(this + ": no log line with '" + needle + "' within " + timeout);
    }

    /** The whole Prometheus text of {@code /metrics}. */
    String scrape() {
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(admin("/metrics"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(this + ": /metrics answered " + r.statusCode());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The sum of the samples of {@code name} whose labels contain every one of {@code labels} ({@code k="v"}). */
    double metric(String name, String... labels) {
        return sample(scrape(), name, labels);
    }

    static double sample(String text, String name, String... labels) {
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches() || !m.group(1).equals(name)) {
                continue;
            }
            String l = m.group(3) == null ? "" : m.group(3);
            boolean all = true;
            for (String want : labels) {
                all &= l.contains(want);
            }
            if (all) {
                sum += Double.parseDouble(m.group(4));
            }
        }
        return sum;
    }

    /** Heap in use after two full GCs ({@code jcmd GC.run}), as the node's JVM metrics report it, in bytes. */
    long heapAfterGc() {
        jcmd("GC.run");
        jcmd("GC.run");
        return (long) metric("jvm_memory_used_bytes", "area=\"heap\"");
    }

    /** Committed heap, in bytes. */
    long heapCommitted() {
        return (long) metric("jvm_memory_committed_bytes", "area=\"heap\"");
    }

    /** Resident set size of the process (heap, metaspace, thread stacks, RocksDB and Netty native memory). */
    long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return -1;
    }

    /** CPU time (user + system) the process has used so far, in nanoseconds ({@code /proc/<pid>/stat}, 10 ms ticks). */
    long cpuNanos() {
        return cpuNanos(pid());
    }

    static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 14 and 15 of stat(5); f[0] is field 3
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU used so far by the JVM's JIT compiler threads (those alive now: C1 and C2 compiler threads). */
    long jitCpuNanos() {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String comm = Files.readString(task.resolve("comm")).trim();
                    if (!comm.startsWith("C1 Compiler") && !comm.startsWith("C2 Compiler")) {
                        continue;
                    }
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return ticks * 10_000_000L;
    }

    /** Runs {@code jcmd <pid> <command>} and returns its output. */
    String jcmd(String... command) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        cmd.add(Long.toString(pid()));
        cmd.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The last lines the node wrote. */
    String logTail() {
        return tail(folder.resolve("stdout.log")) + tail(folder.resolve("stderr.log"));
    }

    /** SIGTERM (graceful: drains calls, flushes the store), SIGKILL after 30 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private URI admin(String path) {
        return URI.create("http://127.0.0.1:" + adminPort + path);
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())) + "\n";
        } catch (IOException e) {
            return "(" + file + ": " + e.getMessage() + ")\n";
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return nodeId + "@" + domain + " (pid " + process.pid() + ", " + address + ")";
    }
}
