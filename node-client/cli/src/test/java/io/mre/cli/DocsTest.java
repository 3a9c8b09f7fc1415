package io.mre.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documented examples work and the documented JSON shape is what inspect prints. */
class DocsTest {
    private static final Path DOCS = Path.of("..", "..", "docs");

    @TempDir
    Path dir;

    @Test
    void twoOrganizationsWalkthrough_showsEveryStepOfTheScriptItsTestRuns() throws Exception {
        String script = Files.readString(Path.of("..", "..", "examples", "two-organizations", "walkthrough.sh"));
        String guide = Files.readString(DOCS.resolve("operating-a-node.md"));
        String[] sections = script.split("(?m)^# --- ");

        assertThat(sections).hasSizeGreaterThan(6);
        for (int i = 1; i < sections.length; i++) {
            String code = sections[i]
                    .lines()
                    .skip(1)
                    .dropWhile(l -> l.startsWith("# "))
                    .collect(java.util.stream.Collectors.joining("\n"))
                    .strip();
            assertThat(guide)
                    .as(
                            "operating-a-node.md shows step '%s' of the walkthrough script",
                            sections[i].lines().findFirst().orElse(""))
                    .contains("```bash\n" + code + "\n```");
        }
    }

    @Test
    void intentSchemaExample_createsAnObject() throws Exception {
        String doc = Files.readString(DOCS.resolve("intent-schema.md"));
        int start = doc.indexOf("```yaml\n") + "```yaml\n".length();
        Path intent = Files.writeString(dir.resolve("claim.yaml"), doc.substring(start, doc.indexOf("```", start)));
        Path keys = dir.resolve("keys");
        Cli.run("keys", "init", "--domain", "insurer.example", "--node", "insurer-1", "--out", keys.toString());

        Cli.Run run = Cli.run(
                "new",
                "--intent",
                intent.toString(),
                "--out",
                dir.resolve("claim.mre").toString(),
                "--sign-with",
                keys.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("claim.settle 1.0, 5 steps");
    }

    @Test
    void inspectJson_hasExactlyTheDocumentedKeys() throws Exception {
        Path obj = Journeys.write(dir.resolve("c.mre"), Journeys.twoDomains(dir).done());
        String page = Files.readString(DOCS.resolve("inspect-json.md"));
        JsonNode documented = documentedDocument(page);

        JsonNode doc = new ObjectMapper()
                .readTree(Cli.run("inspect", obj.toString(), "--json").out());

        assertThat(keys(doc)).containsExactlyElementsOf(keys(documented));
        assertThat(keys(doc.get("intent"))).containsExactlyElementsOf(keys(documented.get("intent")));
        assertThat(keys(doc.get("intent").get("steps").get(0)))
                .containsExactlyElementsOf(
                        keys(documented.get("intent").get("steps").get(0)));
        assertThat(keys(doc.get("context"))).containsExactlyElementsOf(keys(documented.get("context")));
        assertThat(keys(doc.get("status"))).containsExactlyElementsOf(tableKeys(page, "### status"));
        assertThat(keys(doc.get("entries").get(0))).containsExactlyElementsOf(tableKeys(page, "### entry"));
    }

    /** The page's example document: its jsonc block with comments dropped and "{ ... }" / "[ ... ]" left empty. */
    private static JsonNode documentedDocument(String page) throws Exception {
        int start = page.indexOf("```jsonc\n") + "```jsonc\n".length();
        String jsonc = page.substring(start, page.indexOf("```", start));
        String json =
                jsonc.replaceAll("(?m)\\s*//.*$", "").replace("{ ... }", "{}").replace("[ ... ]", "[]");
        return new ObjectMapper().readTree(json);
    }

    /** The keys in the first column of the table under {@code heading}, in order (`node`, `domain` is two). */
    private static List<String> tableKeys(String page, String heading) {
        int from = page.indexOf(heading + "\n");
        assertThat(from).as("heading %s in inspect-json.md", heading).isNotNegative();
        List<String> out = new ArrayList<>();
        boolean inTable = false;
        for (String line : page.substring(from).lines().skip(1).toList()) {
            if (line.startsWith("|")) {
                inTable = true;
                String first = line.substring(1, line.indexOf('|', 1));
                java.util.regex.Matcher m =
                        java.util.regex.Pattern.compile("`([A-Za-z]+)`").matcher(first);
                while (m.find()) {
                    out.add(m.group(1));
                }
            } else if (inTable) {
                break;
            }
        }
        return out;
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
