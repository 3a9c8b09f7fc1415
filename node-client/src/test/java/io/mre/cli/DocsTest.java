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
    private static final Path DOCS = Path.of("..", "docs");

    @TempDir
    Path dir;

    @Test
    void twoOrganizationsWalkthrough_showsEveryStepOfTheScriptItsTestRuns() throws Exception {
        String script = Files.readString(Path.of("..", "examples", "two-organizations", "walkthrough.sh"));
        String guide = Files.readString(DOCS.resolve("operating-a-node.md"));
        String[] sections = script.split("(?m)^# --- ");

        assertThat(sections).hasSizeGreaterThan(6);
        for (int i = 1; i < sections.length; i++) {
            String code = sections[i].lines().skip(1).dropWhile(l -> l.startsWith("# "))
                    .collect(java.util.stream.Collectors.joining("\n")).strip();
            assertThat(guide).as("operating-a-node.md shows step '%s' of the walkthrough script",
                    sections[i].lines().findFirst().orElse("")).contains("```bash\n" + code + "\n```");
        }
    }

    @Test
    void intentSchemaExample_createsAnObject() throws Exception {
        String doc = Files.readString(DOCS.resolve("intent-schema.md"));
        int start = doc.indexOf("```yaml\n") + "```yaml\n".length();
        Path intent = Files.writeString(dir.resolve("claim.yaml"), doc.substring(start, doc.indexOf("```", start)));
        Path keys = dir.resolve("keys");
        Cli.run("keys", "init", "--domain", "insurer.example", "--node", "insurer-1", "--out", keys.toString());

        Cli.Run run = Cli.run("new", "--intent", intent.toString(), "--out", dir.resolve("claim.mre").toString(),
                "--sign-with", keys.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("claim.settle 1.0, 5 steps");
    }

    @Test
    void inspectJson_hasExactlyTheDocumentedKeys() throws Exception {
        Path obj = Journeys.write(dir.resolve("c.mre"), Journeys.twoDomains(dir).done());

        JsonNode doc = new ObjectMapper().readTree(Cli.run("inspect", obj.toString(), "--json").out());

        assertThat(keys(doc)).containsExactly("format", "objectId", "formatVersion", "createdAt", "origin",
                "headerSigned", "intent", "context", "status", "entries", "verification");
        assertThat(keys(doc.get("status"))).containsExactly("objectId", "lifecycle", "terminalStatus", "nextStep",
                "entries", "hops", "holder", "pending");
        assertThat(keys(doc.get("entries").get(0))).containsExactly("seq", "time", "node", "domain", "action", "step",
                "attempt", "verdict", "reason", "policies", "constraints", "advice", "outcome", "execute", "mutate",
                "delegate", "dormant", "reenter", "terminate", "signals", "signatures", "hash");
        assertThat(keys(doc.get("intent"))).containsExactly("name", "version", "onFailure", "input", "steps");
        assertThat(keys(doc.get("context"))).containsExactly("tenant", "ownerDomain", "classification", "residency",
                "allowedDomains", "deadline", "maxHops", "priority", "cycleBudget", "labels", "traceparent");
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
