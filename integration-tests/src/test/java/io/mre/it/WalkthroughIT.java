package io.mre.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/operating-a-node.md's two-organization walkthrough, run as written: {@code examples/two-organizations/
 * walkthrough.sh} (the guide shows its steps verbatim, DocsTest checks that) with the shaded CLI jar as {@code mre}.
 * Two CAs, two node processes trusting each other by CA certificates only, a client folder that gains the
 * partner's CA, an object A → B → A that completes and verifies offline; the script stops its nodes.
 */
class WalkthroughIT {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Path CLI = ROOT.resolve("node-client/cli/target/mre-cli.jar");

    @TempDir
    Path dir;

    private Process script;

    @AfterEach
    void stop() {
        if (script != null) {
            script.descendants().forEach(ProcessHandle::destroyForcibly);
            script.destroyForcibly();
        }
        // whatever the script left: any process started with a configuration under this test's folder
        ProcessHandle.allProcesses()
                .filter(h -> h.info()
                        .arguments()
                        .map(Arrays::asList)
                        .map(a -> a.stream().anyMatch(arg -> arg.startsWith(dir.toString())))
                        .orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void walkthrough_runsAnObjectAcrossTwoOrganizationsAndVerifiesIt() throws Exception {
        Path work = Files.createDirectories(dir.resolve("w"));
        Path log = dir.resolve("walkthrough.log");
        ProcessBuilder pb = new ProcessBuilder("bash", "examples/two-organizations/walkthrough.sh")
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment()
                .put(
                        "MRE",
                        Path.of(System.getProperty("java.home"), "bin", "java") + " -Dmre.home=" + ROOT
                                + " -Dguice_bytecode_gen_option=DISABLED --enable-native-access=ALL-UNNAMED -jar "
                                + CLI);
        pb.environment().put("W", work.toString());
        pb.environment().put("A", "127.0.0.1:" + freePort());
        pb.environment().put("B", "127.0.0.1:" + freePort());
        script = pb.start();

        boolean finished = script.waitFor(8, TimeUnit.MINUTES);
        String output = Files.readString(log);

        assertThat(finished).as(output).isTrue();
        assertThat(script.exitValue()).as(output).isZero();
        assertThat(output)
                .contains("partner bureau.test")
                .contains("bureau-1@bureau.test")
                .contains("header signed by ops@insurer.test")
                .contains("TERMINATED COMPLETED, 6 entries, 2 hops")
                .containsPattern("valid: \\S+ \\(claim\\.settle\\), 6 entries by claims-1@insurer\\.test, "
                        + "bureau-1@bureau\\.test");
        assertThat(ProcessHandle.allProcesses()
                        .filter(h -> h.info()
                                .arguments()
                                .map(Arrays::asList)
                                .map(a -> a.stream().anyMatch(arg -> arg.startsWith(work.toString())))
                                .orElse(false)))
                .as("the script stopped its nodes")
                .isEmpty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
