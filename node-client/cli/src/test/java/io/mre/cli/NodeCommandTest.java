package io.mre.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeCommandTest {
    @TempDir
    Path dir;

    @Test
    void node_withoutTheServerJar_failsInOneLine() throws Exception {
        Path config = Files.writeString(dir.resolve("node.yaml"), "node: {id: n1}\n");
        Path jar = dir.resolve("mre-node.jar");

        Cli.Run run = Cli.run("node", "--config", config.toString(), "--jar", jar.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errLines())
                .singleElement()
                .asString()
                .isEqualTo("mre: the node server jar is missing: " + jar
                        + " (build it with 'mvn -B -q install -DskipTests -DskipITs' at the repository root)");
    }

    @Test
    void node_withoutTheConfig_isAUsageError() {
        Cli.Run run = Cli.run("node", "--config", dir.resolve("none.yaml").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("no such config file");
    }

    @Test
    void node_launchesTheServerJarWithTheConfig() {
        List<String> command = NodeCommand.command(
                "/jdk/bin/java",
                List.of("-Xmx1g"),
                Path.of("/repo/" + NodeCommand.SERVER_JAR),
                Path.of("/etc/n1.yaml"));

        assertThat(command)
                .containsExactly(
                        "/jdk/bin/java",
                        "-Dguice_bytecode_gen_option=DISABLED",
                        "--enable-native-access=ALL-UNNAMED",
                        "-Xmx1g",
                        "-jar",
                        "/repo/node-server/server/target/mre-node.jar",
                        "--config",
                        "/etc/n1.yaml");
    }

    @Test
    void node_findsTheServerJarUnderMreHome() {
        String before = System.getProperty("mre.home");
        System.setProperty("mre.home", dir.toString());
        try {
            assertThat(NodeCommand.home()).isEqualTo(dir);
        } finally {
            if (before == null) {
                System.clearProperty("mre.home");
            } else {
                System.setProperty("mre.home", before);
            }
        }
    }
}
