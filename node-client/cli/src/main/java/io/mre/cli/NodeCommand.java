package io.mre.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mre node}: starts a node by launching the server's own jar in a child JVM. The CLI does not link the
 * server (README.md, "Where things are"): it stays light, and the node runs with its own class path and plugins.
 */
@Command(
        name = "node",
        mixinStandardHelpOptions = true,
        header = "Start a node from its YAML configuration.",
        sortOptions = false,
        description = {
            "Start a node from its YAML configuration (identity, trust bundle, peers, plugins, store, limits).",
            "Runs java -jar node-server/server/target/mre-node.jar --config FILE in the foreground; Ctrl-C stops it "
                    + "gracefully. The exit code is the node's."
        })
final class NodeCommand implements Callable<Integer> {
    /** The server jar, relative to the repository root ({@code mre.home}). */
    static final String SERVER_JAR = "node-server/server/target/mre-node.jar";

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The node's YAML configuration.")
    Path config;

    @Option(
            names = "--jar",
            paramLabel = "JAR",
            description = "The server jar (default: <mre home>/" + SERVER_JAR + ").")
    Path jar;

    @Option(
            names = "--jvm",
            paramLabel = "OPTION",
            description = "An option for the node's JVM (repeatable), e.g. --jvm=-Xmx1g --jvm=-XX:+UseZGC.")
    List<String> jvmOptions = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (!Files.isRegularFile(config)) {
            throw CliException.usage("no such config file: " + config);
        }
        Path serverJar = jar != null ? jar : home().resolve(SERVER_JAR);
        if (!Files.isRegularFile(serverJar)) {
            throw CliException.failed("the node server jar is missing: " + serverJar
                    + " (build it with 'mvn -B -q install -DskipTests -DskipITs' at the repository root)");
        }
        Process process = new ProcessBuilder(command(javaBinary(), jvmOptions, serverJar, config.toAbsolutePath()))
                .inheritIO()
                .start();
        // Ctrl-C reaches the node too; a plain kill of this JVM must not orphan it either.
        Thread stop = new Thread(
                () -> {
                    process.destroy();
                    try {
                        if (!process.waitFor(30, TimeUnit.SECONDS)) {
                            process.destroyForcibly();
                        }
                    } catch (InterruptedException e) {
                        process.destroyForcibly();
                    }
                },
                "mre-node-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        int exit = process.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(stop);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs and finds the node stopped
        }
        return exit;
    }

    /** The child's command line. */
    static List<String> command(String java, List<String> jvmOptions, Path serverJar, Path config) {
        List<String> command = new ArrayList<>(
                List.of(java, "-Dguice_bytecode_gen_option=DISABLED", "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", serverJar.toString(), "--config", config.toString()));
        return command;
    }

    /** The repository root: -Dmre.home (the launcher sets it), else inferred from this jar's place, else ".". */
    static Path home() {
        String property = System.getProperty("mre.home");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        try {
            Path self = Path.of(NodeCommand.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            // node-client/cli/target/mre-cli.jar or node-client/cli/target/classes → the repository root
            Path target = self.getParent();
            if (target != null
                    && target.getFileName() != null
                    && target.getFileName().toString().equals("target")
                    && target.getParent() != null
                    && target.getParent().getParent() != null
                    && target.getParent().getParent().getParent() != null) {
                return target.getParent().getParent().getParent();
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the working directory
        }
        return Path.of(".");
    }

    private static String javaBinary() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
