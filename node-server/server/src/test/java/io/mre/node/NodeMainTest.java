package io.mre.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.mre.node.config.ConfigException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.slf4j.bridge.SLF4JBridgeHandler;

class NodeMainTest {
    @Test
    void loggingInstall_routesJavaUtilLoggingToSlf4jOnce() {
        Logging.install();
        Logging.install();

        assertThat(SLF4JBridgeHandler.isInstalled()).isTrue();
        assertThat(java.util.logging.LogManager.getLogManager().getLogger("").getHandlers())
                .singleElement().isInstanceOf(SLF4JBridgeHandler.class);
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

        int status = NodeMain.report(new ConfigException("node.yaml: mode: must be 'stateless' or 'memory-aware', "
                + "got 'foo'"), new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("node.yaml: mode: must be 'stateless' or 'memory-aware', got 'foo'\n");
    }

    @Test
    void report_otherFailure_printsTheRootCauseAndExits1() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = NodeMain.report(new IllegalStateException("wiring", new UncheckedIOException(
                new java.io.IOException("cannot listen on 127.0.0.1:7443: Address already in use"))),
                new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("mre-server: cannot start: cannot listen on 127.0.0.1:7443: Address already in use\n");
    }
}
