package io.mre.bench.mesh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Settings every scenario shares: where the mesh is laid out, the node jar, the nodes' JVM options, and where the
 * result rows are appended.
 */
record Common(Path root, Path nodeJar, List<String> nodeJvm, Path results, String command) {
    static final String DEFAULT_NODE_JVM = "-Xmx512m -XX:+UseG1GC";

    static Common of(String command, Options o) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path root = o.path("root", "benchmarks/target/mesh/" + command + "-" + stamp);
        return new Common(
                root.toAbsolutePath(),
                o.path("node-jar", "node-server/server/target/mre-node.jar"),
                o.words("node-jvm", DEFAULT_NODE_JVM),
                o.path("results", "benchmarks/target/mesh/results.md"),
                command);
    }

    Mesh mesh(boolean tls, String... domains) {
        return new Mesh(root, tls, nodeJar, nodeJvm, domains);
    }

    /** Prints a line and appends it to the results file. */
    void say(String line) {
        System.out.println(line);
        append(line);
    }

    /** A result row: {@code | scenario | figure | value | target | note |}. */
    void row(String scenario, String figure, String value, String target, String note) {
        say("| " + scenario + " | " + figure + " | " + value + " | " + target + " | " + note + " |");
    }

    private void append(String line) {
        try {
            Files.createDirectories(results.toAbsolutePath().getParent());
            Files.writeString(
                    results, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long selfCpuNanos() {
        return NodeProcess.cpuNanos(ProcessHandle.current().pid());
    }

    static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1048576.0);
    }

    static String us(double nanos) {
        return String.format("%.0f µs", nanos / 1e3);
    }
}
