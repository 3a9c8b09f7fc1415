package io.mre.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.mre.node.config.ConfigException;
import io.mre.node.config.NodeConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.bridge.SLF4JBridgeHandler;

class NodeMainTest {
    @Test
    void loggingInstall_routesJavaUtilLoggingToSlf4jOnce() {
        Logging.install();
        Logging.install();

        assertThat(SLF4JBridgeHandler.isInstalled()).isTrue();
        assertThat(java.util.logging.LogManager.getLogManager().getLogger("").getHandlers())
                .singleElement()
                .isInstanceOf(SLF4JBridgeHandler.class);
    }

    @Test
    void configPath_acceptsFlagOrBareFile() {
        assertThat(NodeMain.configPath(new String[] {"--config", "a.yaml"})).contains(Path.of("a.yaml"));
        assertThat(NodeMain.configPath(new String[] {"a.yaml"})).contains(Path.of("a.yaml"));
        assertThat(NodeMain.configPath(new String[] {})).isEmpty();
        assertThat(NodeMain.configPath(new String[] {"--help"})).isEmpty();
    }

    @Test
    void report_configProblem_printsItsLineAndExits2() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = NodeMain.report(
                new ConfigException("node.yaml: mode: must be 'stateless' or 'memory-aware', " + "got 'foo'"),
                new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("node.yaml: mode: must be 'stateless' or 'memory-aware', got 'foo'\n");
    }

    @Test
    void report_portInUse_oneLineNamingTheAddress(@TempDir Path dir) throws Exception {
        SampleNode sample = SampleNode.create(dir);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String listen = "127.0.0.1:" + taken.getLocalPort();
            sample.writeConfig("claims-1", "mode: stateless\n");
            Files.writeString(
                    sample.configFile(),
                    Files.readString(sample.configFile()).replace("listen: 127.0.0.1:0", "listen: " + listen));

            String line = startFailure(sample);

            assertThat(line)
                    .startsWith("mre-node: cannot start: cannot listen on " + listen + ": ")
                    .contains("in use")
                    .doesNotContain("\n", "Guice");
        }
    }

    @Test
    void report_secondNodeOnTheSameDataFolder_oneLineNamingTheStore(@TempDir Path dir) throws Exception {
        SampleNode sample = SampleNode.create(dir);
        Node first = NodeMain.start(NodeConfig.load(sample.configFile()));
        try {
            String line = startFailure(sample);

            assertThat(line)
                    .startsWith("mre-node: cannot start: cannot open the parked-object store at ")
                    .contains("lock")
                    .doesNotContain("\n", "Guice", "java.io.IOException");
        } finally {
            first.close();
        }
    }

    /** Starts a node from the sample's configuration, expects it to fail, and returns what the node prints. */
    private static String startFailure(SampleNode sample) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status;
        try {
            NodeMain.start(NodeConfig.load(sample.configFile())).close();
            throw new AssertionError("the node started");
        } catch (RuntimeException e) {
            status = NodeMain.report(e, new PrintStream(out, true, StandardCharsets.UTF_8));
        }
        assertThat(status).isEqualTo(1);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).endsWith("\n");
        return printed.substring(0, printed.length() - 1);
    }
}
