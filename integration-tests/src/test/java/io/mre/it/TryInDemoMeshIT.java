package io.mre.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mre.it.mesh.ExampleMaven;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/plugins.md's "Try it in the demo mesh", run as written: every command of its code blocks, in order, in one
 * bash script, so the section cannot drift from what MRE does. The only changes to the guide's text: its mesh folder
 * {@code /tmp/mesh} becomes this test's folder, the day the guide adds to {@code weekendDays} becomes today and
 * tomorrow (UTC), {@code OBJECT_ID} is the id of the object the guide created, and the guide's YAML blocks are
 * written where the prose says they go (the policy into the claims node's {@code plugins.policies}, the intent to
 * {@code payment.yaml}). {@code ./mre} is a wrapper around this build's CLI jar; {@code mvn} builds the example
 * against a throwaway repository seeded from this build (see {@link ExampleMaven}).
 */
class TryInDemoMeshIT {
    private static final Path ROOT = ExampleMaven.root();
    private static final Path CLI = ROOT.resolve("node-client/cli/target/mre-cli.jar");
    private static final String SECTION = "## Try it in the demo mesh";

    @TempDir
    Path dir;

    private Process script;

    @AfterEach
    void stop() {
        if (script != null) {
            script.descendants().forEach(ProcessHandle::destroyForcibly);
            script.destroyForcibly();
        }
        startedUnder(dir).forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void guideSection_asWritten_defersAPaymentUnderTheNewPolicyAndStopsTheMesh() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        Path mesh = dir.resolve("mesh");
        writeWrapper(work);
        ExampleMaven.copyProject(work.resolve("examples/plugin-example"));
        Files.createDirectories(work.resolve("examples/plugin-example/.mvn"));
        Files.writeString(
                work.resolve("examples/plugin-example/.mvn/maven.config"), "-s\n" + ExampleMaven.settings(dir) + "\n");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String script = script(section(Files.readString(ROOT.resolve("docs/plugins.md"))), mesh, today);
        Path file = Files.writeString(dir.resolve("try-it.sh"), script);
        Path log = Files.createDirectories(Path.of("target"))
                .resolve("try-in-demo-mesh.log")
                .toAbsolutePath();

        ProcessBuilder pb = new ProcessBuilder("bash", file.toString())
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment()
                .put(
                        "PATH",
                        Path.of(ExampleMaven.mvnCommand()).toAbsolutePath().getParent() + ":" + System.getenv("PATH"));
        this.script = pb.start();
        boolean finished = this.script.waitFor(10, TimeUnit.MINUTES);
        String output = Files.readString(log);

        assertThat(finished).as(output).isTrue();
        assertThat(this.script.exitValue()).as(output).isZero();
        Path jar = work.resolve("examples/plugin-example/target/plugin-example-1.0.0.jar");
        try (JarFile built = new JarFile(jar.toFile())) {
            assertThat(new String(
                                    built.getInputStream(built.getEntry("META-INF/services/io.mre.spi.MrePlugin"))
                                            .readAllBytes(),
                                    StandardCharsets.UTF_8)
                            .trim())
                    .isEqualTo("com.example.policy.ExamplePlugin");
            assertThat(built.stream().map(JarEntry::getName))
                    .contains("com/example/policy/NoWeekendPayments.class")
                    .as("the SPI is provided by the node, not bundled")
                    .noneMatch(n -> n.startsWith("io/mre/"));
        }
        assertThat(ExampleMaven.seededSpiJar())
                .as("the example resolved this build's SPI")
                .isRegularFile();
        assertThat(work.resolve("examples/plugin-example/target/surefire-reports"))
                .as("the example's own kit tests ran in its build")
                .isDirectoryContaining("glob:**/TEST-*.xml");
        assertThat(command(output, "./mre peers"))
                .contains("no-weekend-payments")
                .contains("plugin-example-1.0.0.jar");
        assertThat(command(output, "./mre submit"))
                .contains("DORMANT")
                .containsPattern("no-weekend-payments: payment of 8000 above 5000 on a (" + today.getDayOfWeek() + "|"
                        + today.getDayOfWeek().plus(1) + ")")
                .contains("approval: 'pay' (payment.transfer) needs signal 'approved' from [insurer.example]");
        assertThat(command(output, "./mre get")).contains("waiting for time").doesNotContain("TERMINATE");
        assertThat(command(output, "grep no-weekend")).contains("no-weekend-payments");
        assertThat(startedUnder(mesh))
                .as("`./mre demo --stop` stopped every node")
                .isEmpty();
    }

    /** The guide's section: from its heading to the next second-level heading. */
    private static String section(String guide) {
        int start = guide.indexOf(SECTION);
        assertThat(start).as("docs/plugins.md has the section '%s'", SECTION).isNotNegative();
        int end = guide.indexOf("\n## ", start + SECTION.length());
        return guide.substring(start, end < 0 ? guide.length() : end);
    }

    /**
     * One bash script from the section: each bash block's lines as they are, each YAML block written where the
     * prose puts it, then the section's inline commands (the log grep, the stop). Each command is announced with
     * a {@code >>> } line so its output can be found.
     */
    static String script(String section, Path mesh, LocalDate today) {
        List<String> lines = new ArrayList<>(List.of("set -euo pipefail"));
        Matcher block = Pattern.compile("```(\\w*)\\n(.*?)```", Pattern.DOTALL).matcher(section);
        int yamlBlocks = 0;
        while (block.find()) {
            String language = block.group(1);
            String body = block.group(2).replace("/tmp/mesh", mesh.toString());
            if (language.equals("bash")) {
                for (String line : body.split("\n")) {
                    if (line.isBlank()) {
                        continue;
                    }
                    String command = line.replace("OBJECT_ID", "$OBJECT_ID");
                    lines.add("echo \"$(date -u +%T)\" " + quote(">>> " + line));
                    lines.add(command);
                    if (line.startsWith("./mre new ")) {
                        lines.add("OBJECT_ID=$(./mre inspect --json payment.obj | jq -r .objectId)");
                    }
                }
            } else if (language.equals("yaml")) {
                yamlBlocks++;
                if (body.contains("name: no-weekend-payments")) {
                    String policy = body.replaceAll("weekendDays: \\[[^]]*]", "weekendDays: [" + days(today) + "]");
                    assertThat(policy)
                            .as("the guide's policy block names weekend days")
                            .isNotEqualTo(body);
                    Path node = mesh.resolve("nodes/claims/node.yaml");
                    lines.add("cat > policy.yaml <<'EOF'\n" + policy + "EOF");
                    lines.add(
                            "awk 'FNR==NR{s=s $0 \"\\n\"; next} {print} /^  policies:$/ && !d {printf \"%s\", s; d=1}' "
                                    + "policy.yaml " + node + " > node.yaml.new && mv node.yaml.new " + node);
                    lines.add("grep -q no-weekend-payments " + node);
                } else {
                    assertThat(body)
                            .as("the guide's intent block says its file name")
                            .startsWith("# payment.yaml");
                    lines.add("cat > payment.yaml <<'EOF'\n" + body + "EOF");
                }
            }
        }
        assertThat(yamlBlocks).as("the guide's policy and intent blocks").isEqualTo(2);
        Matcher inline = Pattern.compile("`((?:grep no-weekend|\\./mre demo --stop)[^`]*)`")
                .matcher(section);
        List<String> found = new ArrayList<>();
        while (inline.find()) {
            found.add(inline.group(1).replace("/tmp/mesh", mesh.toString()));
        }
        assertThat(found).as("the guide's log grep and stop command").hasSize(2);
        for (String command : found) {
            lines.add("echo \"$(date -u +%T)\" " + quote(">>> " + command));
            lines.add(command);
        }
        return String.join("\n", lines) + "\n";
    }

    /** The guide's weekend plus today and tomorrow (UTC), so the payment is deferred whenever this runs. */
    private static String days(LocalDate today) {
        Set<DayOfWeek> days = new LinkedHashSet<>(List.of(
                DayOfWeek.SATURDAY,
                DayOfWeek.SUNDAY,
                today.getDayOfWeek(),
                today.getDayOfWeek().plus(1)));
        return days.stream().map(DayOfWeek::name).collect(Collectors.joining(", "));
    }

    /** The output of the first command announced as starting with {@code prefix}, up to the next announcement. */
    private static String command(String output, String prefix) {
        int start = output.indexOf(">>> " + prefix);
        assertThat(start).as("the script ran '%s':\n%s", prefix, output).isNotNegative();
        Matcher next = Pattern.compile("\n\\S+ >>> ").matcher(output);
        int end = next.find(start + 4) ? next.start() : -1;
        return output.substring(start, end < 0 ? output.length() : end);
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** {@code ./mre} in the working folder: this build's CLI jar, as the repository's launcher would run it. */
    private static void writeWrapper(Path work) throws IOException {
        Path wrapper = work.resolve("mre");
        Files.writeString(
                wrapper,
                "#!/usr/bin/env bash\nexec " + Path.of(System.getProperty("java.home"), "bin", "java")
                        + " -Dmre.home=" + ROOT
                        + " -Dguice_bytecode_gen_option=DISABLED --enable-native-access=ALL-UNNAMED"
                        + " -jar " + CLI + " \"$@\"\n");
        assertThat(wrapper.toFile().setExecutable(true)).isTrue();
    }

    /** Processes whose command line names a path under {@code folder} (the nodes the guide started). */
    private static List<ProcessHandle> startedUnder(Path folder) {
        return ProcessHandle.allProcesses()
                .filter(h -> h.info()
                        .arguments()
                        .map(Arrays::asList)
                        .map(a -> a.stream().anyMatch(arg -> arg.contains(folder.toString())))
                        .orElse(false))
                .toList();
    }
}
