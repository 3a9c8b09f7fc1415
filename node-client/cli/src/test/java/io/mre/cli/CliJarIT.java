package io.mre.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.ExecutableObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar (target/mre-cli.jar) run as real processes, exactly as ./mre runs it. */
class CliJarIT {
    private static Path jar;

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    @BeforeAll
    static void findJar() {
        jar = Path.of(System.getProperty("mre.cli.jar", "target/mre-cli.jar"));
        assertThat(jar).as("the shaded CLI jar (built in the package phase)").isRegularFile();
    }

    private Result mre(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dguice_bytecode_gen_option=DISABLED",
                "--enable-native-access=ALL-UNNAMED",
                "-jar",
                jar.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS))
                .as("mre %s finished", List.of(args))
                .isTrue();
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void jar_keysNewInspectVerify_likeAUser() throws Exception {
        Files.writeString(dir.resolve("claim.yaml"), NewCommandTest.INTENT);

        Result keys = mre(
                "keys",
                "init",
                "--domain",
                "insurer.example",
                "--node",
                "insurer-1",
                "--client",
                "alice",
                "--out",
                "keys");
        Result created = mre("new", "--intent", "claim.yaml", "--out", "claim.mre", "--sign-with", "keys");
        Result timeline = mre("inspect", "claim.mre");
        Result json = mre("inspect", "claim.mre", "--json");
        Result mermaid = mre("inspect", "claim.mre", "--mermaid");
        Result valid = mre("verify", "claim.mre", "--trust", "keys");

        assertThat(keys.exit()).as(keys.err()).isZero();
        assertThat(keys.err()).isEmpty();
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("header signed by insurer-1@insurer.example");
        assertThat(timeline.exit()).isZero();
        assertThat(timeline.out()).contains("claim.settle 1.0").contains("plan     assess -> pay");
        assertThat(new ObjectMapper().readTree(json.out()).get("format").asText())
                .isEqualTo("mre.inspect/v1");
        assertThat(mermaid.out()).startsWith("sequenceDiagram");
        assertThat(valid.exit()).isZero();
        assertThat(valid.out()).startsWith("valid: ");
        assertThat(valid.err()).isEmpty();
    }

    @Test
    void jar_verify_tamperedJourney_exitsOneWithRuleAndSeq() throws Exception {
        Journeys.Journey journey = Journeys.twoDomains(dir);
        ExecutableObject done = journey.done();
        EntryEnvelope first = done.getMemory().getEntries(1);
        Entry altered = Entry.parseFrom(first.getEntry()).toBuilder()
                .setStepId("elsewhere")
                .build();
        Journeys.write(dir.resolve("journey.mre"), done);
        Journeys.write(
                dir.resolve("tampered.mre"),
                done.toBuilder()
                        .setMemory(done.getMemory().toBuilder()
                                .setEntries(1, first.toBuilder().setEntry(ByteString.copyFrom(altered.toByteArray()))))
                        .build());

        Result valid = mre("verify", "journey.mre", "--trust", journey.trust().toString());
        Result tampered =
                mre("verify", "tampered.mre", "--trust", journey.trust().toString());
        Result timeline = mre("inspect", "journey.mre");

        assertThat(valid.exit()).as(valid.err()).isZero();
        assertThat(tampered.exit()).isEqualTo(1);
        assertThat(tampered.errLines())
                .singleElement()
                .asString()
                .startsWith("mre: invalid: rule SIGNATURE_INVALID at seq 1");
        assertThat(timeline.out()).containsPattern("(?m)^1 +\\S+Z +insurer-1 +insurer.example +DELEGATE");
    }

    @Test
    void jar_errors_areOneLineWithExitCodes() throws Exception {
        Journeys.write(dir.resolve("o.mre"), Journeys.twoDomains(dir).fresh());
        Files.writeString(dir.resolve("bad.yaml"), "name: x\nsteps: [\n");

        Result usage = mre("verify", "o.mre");
        Result missing = mre("inspect", "nope.mre");
        Result badYaml = mre("new", "--intent", "bad.yaml", "--out", "x.mre");
        Result unreachable = mre("submit", "--to", "127.0.0.1:1", "o.mre");

        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.errLines()).hasSize(1);
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.errLines()).containsExactly("mre: no such object file: nope.mre");
        assertThat(badYaml.exit()).isEqualTo(2);
        assertThat(badYaml.errLines()).singleElement().asString().startsWith("mre: bad.yaml: not valid YAML");
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.errLines())
                .containsExactly("mre: cannot reach a node at 127.0.0.1:1: connection refused");
    }
}
