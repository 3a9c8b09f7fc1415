package io.mre.cli;

import io.mre.cli.render.Reports;
import io.mre.cli.render.TimelineText;
import io.mre.cli.report.ObjectReport;
import io.mre.crypto.SigningKey;
import io.mre.engine.verify.VerifierSettings;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.ExecutableObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mre demo}: a local federation of three organizations (separate node processes, each with its own CA,
 * keys, mode and policies) runs one claim end to end; then the journey is printed, verified offline, and every
 * node stopped.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Run a three-organization federation on this machine and follow one object through it.",
        description = {
            "Starts an insurer, a credit bureau and a reinsurer as node processes on 127.0.0.1 (each with its own "
                    + "CA, keys, mode and policies), submits a claim whose journey shows every action (execute, "
                    + "delegate, a policy DEFER with dormancy and re-entry by timer, dormancy until an approval "
                    + "signal, an advisor's plan MUTATE, a failed step with compensation, termination), prints "
                    + "the timeline, verifies the final object offline and stops the nodes.",
            "With --dir, everything (keys, configs, data, logs, objects) goes to DIR and DIR/mesh.json tells "
                    + "scripts how to reach the nodes."
        })
final class DemoCommand implements Callable<Integer> {
    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description = "Where to put keys, configs, data, logs and objects "
                    + "(default: a new temporary folder, removed unless --keep).")
    Path dir;

    @Option(names = "--keep", description = "Leave the nodes running (stop them with: mre demo --stop --dir DIR).")
    boolean keep;

    @Option(
            names = "--stop",
            description = "Stop every node of a demo started with --keep --dir DIR (also one "
                    + "restarted with --restart or by hand with 'mre node --config DIR/nodes/ID/node.yaml').")
    boolean stop;

    @Option(
            names = "--restart",
            paramLabel = "NODE",
            description = "Restart node NODE (claims, bureau or treaty) of a demo started with --keep --dir DIR, "
                    + "with its DIR/nodes/NODE/node.yaml and plugin folder as they are now; mesh.json follows.")
    String restart;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (stop && restart != null) {
            throw CliException.usage("--stop and --restart exclude each other");
        }
        if (stop) {
            return stopMesh(out);
        }
        if (restart != null) {
            return restartNode(out);
        }
        boolean temporary = dir == null;
        Path base = temporary ? Files.createTempDirectory("mre-demo") : prepareDir(dir);
        Path home = NodeCommand.home();
        Path serverJar = home.resolve(NodeCommand.SERVER_JAR);
        if (!Files.isRegularFile(serverJar)) {
            throw CliException.failed("the node server jar is missing: " + serverJar
                    + " (build it with 'mvn -B -q install -DskipTests -DskipITs' at the repository root)");
        }
        long started = System.nanoTime();
        DemoMesh mesh = new DemoMesh(base, home);
        boolean running = false;
        try {
            out.println("MRE demo — three organizations, one claim, no central runtime (files in " + base + ")");
            mesh.prepare(DemoOrganizations.all());
            for (DemoMesh.Member m : mesh.members()) {
                out.printf(
                        "  %-7s %-18s %-13s %s%n",
                        m.spec().nodeId(), m.spec().domain(), m.spec().mode(), m.address());
            }
            out.flush();
            mesh.start(java(), serverJar);
            running = true;
            out.println("  3 node processes serving over mutual TLS; each trusts the others' CAs");
            SigningKey author = SigningKey.load(
                    mesh.clientDir().resolve("client.key"), mesh.clientDir().resolve("client.crt"));
            ExecutableObject claim = DemoJourney.claim(author);
            Path objects = Files.createDirectories(base.resolve("objects"));
            List<Path> files = new ArrayList<>();
            files.add(write(objects.resolve("claim.new.bin"), claim));
            ExecutableObject last = new DemoJourney(mesh, out).run(claim);
            files.add(write(objects.resolve("claim.final.bin"), last));
            mesh.writeMeshJson(files);

            ObjectReport.Verification verification =
                    VerifyCommand.check(last, VerifierSettings.strict(Trust.load(base.resolve("trust"))));
            out.println();
            out.print(TimelineText.render(Reports.object(last, Optional.of(verification))));
            out.println();
            out.println(
                    verification.valid()
                            ? "Verified offline against the three organizations' CAs: every entry's chain and signature "
                                    + "holds, and the history is a lawful run of its intent."
                            : "Offline verification FAILED: " + verification.message());
            Set<Action> missing = DemoJourney.missingActions(last);
            out.printf("Done in %.1f s. Final object: %s%n", (System.nanoTime() - started) / 1e9, files.get(1));
            if (keep) {
                out.println("The nodes keep running (" + base.resolve("mesh.json") + "); stop them with: "
                        + "./mre demo --stop --dir " + base);
            }
            out.flush();
            if (!verification.valid()) {
                return ExitCodes.FAILED;
            }
            if (!missing.isEmpty()) {
                spec.commandLine().getErr().println("mre: the journey lacks " + missing);
                return ExitCodes.FAILED;
            }
            return ExitCodes.OK;
        } finally {
            if (!keep || !running) {
                mesh.close();
                if (running) {
                    out.println("Stopped the 3 node processes.");
                    out.flush();
                }
                if (temporary && !keep) {
                    deleteQuietly(base);
                }
            }
        }
    }

    private Integer stopMesh(PrintWriter out) throws IOException {
        if (dir == null) {
            throw CliException.usage("--stop needs the --dir of the running demo");
        }
        int stopped = new DemoNodes(dir).stopAll();
        out.println("Stopped " + stopped + " node process(es) of the demo in " + dir + ".");
        return ExitCodes.OK;
    }

    private Integer restartNode(PrintWriter out) throws IOException, InterruptedException {
        if (dir == null) {
            throw CliException.usage("--restart needs the --dir of the running demo");
        }
        DemoNodes nodes = new DemoNodes(dir);
        Path serverJar = NodeCommand.home().resolve(NodeCommand.SERVER_JAR);
        if (!Files.isRegularFile(serverJar)) {
            throw CliException.failed("the node server jar is missing: " + serverJar
                    + " (build it with 'mvn -B -q install -DskipTests -DskipITs' at the repository root)");
        }
        long pid = nodes.restart(restart, java(), serverJar);
        out.println("Restarted node " + restart + " (pid " + pid + ") from "
                + dir.resolve("nodes").resolve(restart).resolve("node.yaml") + "; its log: "
                + dir.resolve("logs").resolve(restart + ".log"));
        return ExitCodes.OK;
    }

    private static Path prepareDir(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw CliException.usage(dir + " is not empty: choose a new --dir (or stop the demo running "
                            + "there with --stop and remove it)");
                }
            }
        }
        return Files.createDirectories(dir).toAbsolutePath();
    }

    private static Path write(Path file, ExecutableObject object) throws IOException {
        ObjectFiles.write(file, object, true);
        return file.toAbsolutePath();
    }

    private static String java() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
