package io.mre.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mre demo} as a user runs it: the shaded CLI jar, three node processes, then {@code --stop}. */
class DemoIT {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Path CLI = ROOT.resolve("node-client/cli/target/mre-cli.jar");

    @TempDir
    Path dir;

    private final List<Long> pids = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void demo_runsTheClaimThroughEveryActionVerifiesItAndLeavesAMeshThatStopStops() throws Exception {
        Path mesh = dir.resolve("mesh");
        Result run = mre(mesh, "demo", "--keep", "--dir", mesh.toString());

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output())
                .contains("claims", "bureau", "treaty", "stateless", "memory-aware")
                .contains("EXECUTE", "DELEGATE", "MUTATE", "DORMANT", "REENTER", "TERMINATE")
                .contains("signal 'approved'", "compensated with payment.refund", "ended FAILED")
                .contains("Verified offline");
        JsonNode json = new ObjectMapper().readTree(mesh.resolve("mesh.json").toFile());
        assertThat(json.path("nodes")).hasSize(3);
        for (JsonNode node : json.path("nodes")) {
            pids.add(node.path("pid").asLong());
            assertThat(node.path("address").asText()).startsWith("127.0.0.1:");
            assertThat(Path.of(node.path("tls").path("cert").asText())).exists();
        }
        assertThat(json.path("objects")).hasSize(2);
        assertThat(pids)
                .allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                        .contains(true));

        // DIR/client is a complete client TLS folder: every node accepts it, with no hand-made ca.crt.
        for (JsonNode node : json.path("nodes")) {
            Result peers = mre(
                    mesh,
                    "peers",
                    "--at",
                    node.path("address").asText(),
                    "--tls",
                    mesh.resolve("client").toString());
            assertThat(peers.exit()).as(peers.output()).isZero();
            assertThat(peers.output())
                    .contains(
                            node.path("id").asText() + "@" + node.path("domain").asText());
        }

        // --restart: one node again from its node.yaml; mesh.json records the new pid.
        long oldBureau = json.path("nodes").get(1).path("pid").asLong();
        Result restart = mre(mesh, "demo", "--restart", "bureau", "--dir", mesh.toString());

        assertThat(restart.exit()).as(restart.output()).isZero();
        assertThat(restart.output()).contains("Restarted node bureau");
        long newBureau = new ObjectMapper()
                .readTree(mesh.resolve("mesh.json").toFile())
                .path("nodes")
                .get(1)
                .path("pid")
                .asLong();
        pids.add(newBureau);
        assertThat(newBureau).isNotEqualTo(oldBureau);
        assertThat(ProcessHandle.of(oldBureau).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
        assertThat(mre(
                                mesh,
                                "peers",
                                "--at",
                                json.path("nodes").get(1).path("address").asText(),
                                "--tls",
                                mesh.resolve("client").toString())
                        .output())
                .contains("bureau@bureau.example");

        // A node restarted by hand (mesh.json's pid is stale) is stopped by --stop all the same.
        long oldTreaty = json.path("nodes").get(2).path("pid").asLong();
        ProcessHandle.of(oldTreaty).ifPresent(h -> {
            h.destroy();
            h.onExit().join();
        });
        Process byHand = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Dguice_bytecode_gen_option=DISABLED",
                        "--enable-native-access=ALL-UNNAMED",
                        "-jar",
                        ROOT.resolve("node-server/server/target/mre-node.jar").toString(),
                        "--config",
                        mesh.resolve("nodes/treaty/node.yaml").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("treaty-by-hand.log").toFile())
                .start();
        pids.add(byHand.pid());

        Result stop = mre(mesh, "demo", "--stop", "--dir", mesh.toString());

        assertThat(stop.exit()).as(stop.output()).isZero();
        assertThat(stop.output()).contains("Stopped 3 node process(es)");
        assertThat(byHand.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(pids)
                .allSatisfy(pid -> assertThat(ProcessHandle.of(pid)
                                .map(ProcessHandle::isAlive)
                                .orElse(false))
                        .isFalse());
    }

    @Test
    void demo_intoADirectoryThatIsNotEmpty_isAUsageError() throws Exception {
        Files.writeString(dir.resolve("something"), "x");

        Result run = mre(dir, "demo", "--dir", dir.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.output()).contains("is not empty");
    }

    private record Result(int exit, String output) {}

    private Result mre(Path work, String... args) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dmre.home=" + ROOT,
                "-Dguice_bytecode_gen_option=DISABLED",
                "--enable-native-access=ALL-UNNAMED",
                "-jar",
                CLI.toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "mre", ".log");
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(4, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("mre " + String.join(" ", args) + " did not finish:\n" + Files.readString(log));
        }
        return new Result(p.exitValue(), Files.readString(log));
    }
}
