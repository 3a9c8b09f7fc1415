package io.mre.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {
    @TempDir
    Path dir;

    @Test
    void mre_withoutACommand_printsUsageAndExitsTwo() {
        Cli.Run run = Cli.run();

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("Usage: mre").contains("mre: missing a command");
    }

    @Test
    void mre_unknownOption_isOneLineUsageError() {
        Cli.Run run = Cli.run("inspect", "--frobnicate", "x.mre");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errLines())
                .singleElement()
                .asString()
                .isEqualTo("mre: Unknown option: '--frobnicate' (see 'mre inspect --help')");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"keys", "new", "submit", "get", "signal", "cancel", "watch", "peers", "inspect", "verify", "node"
            })
    void everyCommand_hasHelp(String command) {
        Cli.Run run = Cli.run(command, "--help");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Usage: mre " + command);
    }

    @Test
    void keysInit_hasHelp() {
        assertThat(Cli.run("keys", "init", "--help").out())
                .contains("Usage: mre keys init")
                .contains("--client");
    }

    @Test
    void verbose_addsTheStackTrace() {
        Path missing = dir.resolve("missing.mre");

        Cli.Run quiet = Cli.run("inspect", missing.toString());
        Cli.Run verbose = Cli.run("inspect", missing.toString(), "--verbose");

        assertThat(quiet.errLines()).hasSize(1);
        assertThat(verbose.err())
                .contains("mre: no such object file")
                .contains("CliException")
                .contains("\tat ");
    }

    @Test
    void badDuration_isAUsageError() {
        Cli.Run run = Cli.run("peers", "--at", "127.0.0.1:7001", "--deadline", "soon");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("'soon' is not a duration");
    }
}
