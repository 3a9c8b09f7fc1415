package io.mre.it.mesh;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node in its own JVM: {@code java -jar mre-node.jar --config node.yaml}, its output appended to
 * {@code stdout.log} / {@code stderr.log} beside the configuration. On the port its options fix, or, with port 0,
 * on the free port the node picks and reports ("node listening on 127.0.0.1:PORT"): no port is picked by the test
 * and bound later by another process. A restart reuses the reported port ({@link #restartOptions()}).
 */
public final class ChildNode implements MeshNode {
    private final NodeOptions options;
    private final Process process;
    private final Path folder;
    private volatile int port;

    private ChildNode(NodeOptions options, Process process, Path folder) {
        this.options = requireNonNull(options, "options is null");
        this.process = requireNonNull(process, "process is null");
        this.folder = requireNonNull(folder, "folder is null");
        this.port = options.port();
    }

    static ChildNode launch(NodeOptions options, Path configFile, Path nodeJar) {
        Path folder = configFile.getParent();
        try {
            // the port reported by a previous run must not be read as this one's: its log moves to stdout-<n>.log
            Path previous = folder.resolve("stdout.log");
            for (int n = 1; Files.exists(previous); n++) {
                Path kept = folder.resolve("stdout-" + n + ".log");
                if (!Files.exists(kept)) {
                    Files.move(previous, kept);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // A small heap, serial GC and C1 only: a test node starts fast and stays small on a 2-core machine.
        List<String> command = List.of(
                java,
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xss512k",
                "--enable-native-access=ALL-UNNAMED",
                "-jar",
                nodeJar.toString(),
                "--config",
                configFile.toString());
        try {
            Process process = new ProcessBuilder(command)
                    .directory(folder.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            folder.resolve("stdout.log").toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(
                            folder.resolve("stderr.log").toFile()))
                    .start();
            return new ChildNode(options, process, folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    @Override
    public NodeOptions options() {
        return options;
    }

    @Override
    public String address() {
        return "127.0.0.1:" + port();
    }

    /** The listener's port: the fixed one, or the one the node reported; 0 while it has not reported it yet. */
    public int port() {
        if (port == 0) {
            port = reportedPort();
        }
        return port;
    }

    /** The options to start this node again where its peers know it: on the port it listened on. */
    public NodeOptions restartOptions() {
        if (port() == 0) {
            throw new IllegalStateException(this + " has not reported its port");
        }
        return options.withPort(port());
    }

    private int reportedPort() {
        try {
            java.util.regex.Matcher m =
                    LISTENING.matcher(Files.readString(folder.resolve("stdout.log"), StandardCharsets.UTF_8));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The admin endpoint's port, as the node reported it ({@code NodeOptions.withAdmin()}); 0 until then. */
    public int adminPort() {
        try {
            java.util.regex.Matcher m =
                    ADMIN.matcher(Files.readString(folder.resolve("stdout.log"), StandardCharsets.UTF_8));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static final java.util.regex.Pattern ADMIN =
            java.util.regex.Pattern.compile("admin endpoint on http://\\S*:(\\d+)");
    private static final java.util.regex.Pattern LISTENING =
            java.util.regex.Pattern.compile("node listening on \\S*:(\\d+)");

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no flush; what the store has synced is all that survives. */
    public void kill() {
        process.destroyForcibly();
        waitFor(10);
    }

    /** SIGSTOP: the process stays, holds its sockets and answers nothing until {@link #resume()}. */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM, which runs the node's graceful shutdown; SIGKILL if that takes too long. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitFor(15)) {
            kill();
        }
    }

    /** The last lines the node wrote, for a failure message. */
    public String logTail() {
        return tail(folder.resolve("stdout.log")) + tail(folder.resolve("stderr.log"));
    }

    private boolean waitFor(long seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())) + "\n";
        } catch (IOException e) {
            return "(" + file + ": " + e.getMessage() + ")\n";
        }
    }

    @Override
    public String toString() {
        return nodeId() + "@" + domain() + " (pid " + process.pid() + ", 127.0.0.1:" + port + ")";
    }
}
