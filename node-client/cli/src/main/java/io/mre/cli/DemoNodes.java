package io.mre.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mre.cli.render.Json;
import io.mre.client.MreClient;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The nodes of a demo mesh kept running ({@code mre demo --keep --dir DIR}), found through {@code DIR/mesh.json}:
 * stop them all, or restart one with its {@code node.yaml} and plugin folder, keeping {@code mesh.json} true.
 * A node is found by the pid {@code mesh.json} records and by any running process serving its {@code node.yaml}
 * (e.g. one restarted by hand with {@code mre node --config}), so a stale pid never leaves a node running.
 */
final class DemoNodes {
    private static final Duration START = Duration.ofSeconds(90);

    private final Path dir;
    private final Path meshJson;
    private final ObjectNode mesh;

    DemoNodes(Path dir) throws IOException {
        this.dir = dir.toAbsolutePath();
        this.meshJson = this.dir.resolve("mesh.json");
        if (!Files.isRegularFile(meshJson)) {
            throw CliException.usage("no demo mesh in " + dir + " (mesh.json is missing)");
        }
        this.mesh = (ObjectNode) Json.MAPPER.readTree(meshJson.toFile());
    }

    /** Stops every node of the mesh (SIGTERM, then SIGKILL after 15 s); returns how many were running. */
    int stopAll() {
        List<ProcessHandle> running = new ArrayList<>();
        for (JsonNode n : mesh.path("nodes")) {
            running.addAll(processes(n));
        }
        stop(running);
        return running.size();
    }

    /** Stops node {@code id} if it runs, starts it again from its node.yaml and waits until it serves. */
    long restart(String id, String java, Path serverJar) throws IOException, InterruptedException {
        ObjectNode node = node(id);
        stop(processes(node));
        Path config = config(id);
        Path log = dir.resolve("logs").resolve(id + ".log");
        Files.createDirectories(log.getParent());
        Files.writeString(
                log,
                System.lineSeparator() + "=== mre demo --restart " + id + " ===" + System.lineSeparator(),
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        Process process = new ProcessBuilder(NodeCommand.command(
                        java, List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), serverJar, config))
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(log.toFile()))
                .start();
        node.put("pid", process.pid());
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(meshJson.toFile(), mesh);
        awaitServing(node, process, log);
        return process.pid();
    }

    private void awaitServing(JsonNode node, Process process, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        JsonNode tls = node.path("tls");
        while (true) {
            if (!process.isAlive()) {
                throw CliException.failed("node " + node.path("id").asText() + " stopped at start-up (exit "
                        + process.exitValue() + "); see " + log);
            }
            try (MreClient c = MreClient.builder()
                    .target(node.path("address").asText())
                    .tls(
                            Path.of(tls.path("ca").asText()),
                            Path.of(tls.path("cert").asText()),
                            Path.of(tls.path("key").asText()))
                    .deadline(Duration.ofSeconds(2))
                    .build()) {
                if (c.describe().getServing()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw CliException.failed("node " + node.path("id").asText() + " did not start in " + START.toSeconds()
                        + " s; see " + log);
            }
            Thread.sleep(200);
        }
    }

    private ObjectNode node(String id) {
        List<String> ids = new ArrayList<>();
        for (JsonNode n : mesh.path("nodes")) {
            if (n.path("id").asText().equals(id)) {
                return (ObjectNode) n;
            }
            ids.add(n.path("id").asText());
        }
        throw CliException.usage(
                "no node '" + id + "' in the demo mesh of " + dir + " (its nodes: " + String.join(", ", ids) + ")");
    }

    private Path config(String id) {
        Path config = dir.resolve("nodes").resolve(id).resolve("node.yaml");
        if (!Files.isRegularFile(config)) {
            throw CliException.usage("no configuration for node '" + id + "': " + config + " is missing");
        }
        return config;
    }

    /** The live processes of a node: its recorded pid and any process started with its node.yaml. */
    private Set<ProcessHandle> processes(JsonNode node) {
        Set<ProcessHandle> found = new LinkedHashSet<>();
        ProcessHandle.of(node.path("pid").asLong(-1))
                .filter(ProcessHandle::isAlive)
                .ifPresent(found::add);
        Path config = dir.resolve("nodes")
                .resolve(node.path("id").asText())
                .resolve("node.yaml")
                .normalize();
        ProcessHandle.allProcesses()
                .filter(h -> h.pid() != ProcessHandle.current().pid())
                .filter(h -> servesConfig(h, config))
                .forEach(found::add);
        return found;
    }

    // A node server JVM (java ... -jar mre-node.jar --config FILE) whose FILE is this node's configuration.
    private static boolean servesConfig(ProcessHandle h, Path config) {
        Optional<String[]> arguments = h.info().arguments();
        if (arguments.isEmpty()) {
            return false;
        }
        String[] args = arguments.get();
        boolean jar = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-jar") && i + 1 < args.length && args[i + 1].endsWith(".jar")) {
                jar = args[i + 1].endsWith(
                        Path.of(NodeCommand.SERVER_JAR).getFileName().toString());
            }
            if (jar && args[i].equals("--config") && i + 1 < args.length) {
                Path given = Path.of(args[i + 1]);
                if (!given.isAbsolute()) {
                    // relative to that process's working directory (Linux shows it in /proc)
                    try {
                        given = Files.readSymbolicLink(Path.of("/proc", Long.toString(h.pid()), "cwd"))
                                .resolve(given);
                    } catch (IOException | UnsupportedOperationException e) {
                        return false;
                    }
                }
                return given.normalize().equals(config);
            }
        }
        return false;
    }

    private static void stop(java.util.Collection<ProcessHandle> handles) {
        handles.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : handles) {
            try {
                h.onExit().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
                try {
                    h.onExit().get(5, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // reported by the caller's next look at the process table
                }
            }
        }
    }
}
