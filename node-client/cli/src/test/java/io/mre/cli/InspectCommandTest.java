package io.mre.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {
    @TempDir
    Path dir;

    Journeys.Journey journey;
    Path obj;

    @BeforeEach
    void journey() throws Exception {
        journey = Journeys.twoDomains(dir);
        obj = Journeys.write(dir.resolve("claim.mre"), journey.done());
    }

    @Test
    void inspect_printsATimelineRowPerEntry() {
        Cli.Run run = Cli.run("inspect", obj.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .contains("object   " + journey.objectId() + "  claim.settle 1.0")
                .contains("origin   insurer-1@insurer.example (header signed)")
                .contains("status   TERMINATED COMPLETED")
                .containsPattern("SEQ +TIME +NODE +DOMAIN +ACTION +STEP +VERDICT +REASON")
                .containsPattern("(?m)^0 +\\S+Z +insurer-1 +insurer.example +EXECUTE +assess")
                .containsPattern("(?m)^1 +\\S+Z +insurer-1 +insurer.example +DELEGATE +credit-check")
                .contains("-> bureau-1@bureau.example at 127.0.0.1:7002")
                .containsPattern("(?m)^2 +\\S+Z +bureau-1 +bureau.example +EXECUTE +credit-check")
                .contains("ran credit.check: output {\"rating\":\"A\"}")
                .containsPattern("(?m)^3 +\\S+Z +bureau-1 +bureau.example +TERMINATE")
                .contains("ended COMPLETED");
        assertThat(run.out()).doesNotContain("io.mre.proto").doesNotContain("node_id:");
    }

    @Test
    void inspect_json_isOneStableDocument() throws Exception {
        Cli.Run run = Cli.run("inspect", obj.toString(), "--json");

        assertThat(run.exit()).isZero();
        JsonNode doc = new ObjectMapper().readTree(run.out());
        assertThat(doc.get("format").asText()).isEqualTo("mre.inspect/v1");
        assertThat(doc.get("objectId").asText()).isEqualTo(journey.objectId());
        assertThat(doc.get("origin").get("domain").asText()).isEqualTo("insurer.example");
        assertThat(doc.get("status").get("lifecycle").asText()).isEqualTo("TERMINATED");
        assertThat(doc.get("status").get("terminalStatus").asText()).isEqualTo("COMPLETED");
        assertThat(doc.get("status").get("hops").asInt()).isEqualTo(1);
        JsonNode entries = doc.get("entries");
        assertThat(entries).hasSize(4);
        assertThat(entries.findValuesAsText("action")).containsExactly("EXECUTE", "DELEGATE", "EXECUTE", "TERMINATE");
        assertThat(entries.get(1).get("delegate").get("target").get("node").asText())
                .isEqualTo("bureau-1");
        assertThat(entries.get(0).get("outcome").get("output").get("score").asInt())
                .isEqualTo(7);
        assertThat(entries.get(0).get("signatures").asInt()).isEqualTo(1);
        assertThat(entries.get(0).get("hash").asText()).hasSize(64);
        // every documented key is present, null when it does not apply
        assertThat(entries.get(0).has("mutate")).isTrue();
        assertThat(entries.get(0).get("mutate").isNull()).isTrue();
        assertThat(doc.get("verification").isNull()).isTrue();
    }

    @Test
    void inspect_mermaid_drawsTheJourneyAcrossDomains() {
        Cli.Run run = Cli.run("inspect", obj.toString(), "--mermaid");

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .startsWith("sequenceDiagram\n")
                .contains("box transparent insurer.example")
                .contains("participant N0 as insurer-1")
                .contains("box transparent bureau.example")
                .contains("participant N1 as bureau-1")
                .contains("A->>N0: submit")
                .contains("N0->>N1: seq 1 DELEGATE credit-check")
                .contains("Note over N1: seq 3 TERMINATE COMPLETED");
    }

    @Test
    void inspect_withTrust_addsTheVerification() {
        Cli.Run text =
                Cli.run("inspect", obj.toString(), "--trust", journey.trust().toString());
        Cli.Run onlyInsurer = Cli.run(
                "inspect",
                obj.toString(),
                "--json",
                "--trust",
                journey.insurerKeys().toString());

        assertThat(text.out()).contains("verified valid against the trust anchors given");
        assertThat(onlyInsurer.exit()).isZero();
        assertThat(onlyInsurer.out())
                .contains("\"rule\" : \"SIGNER_NOT_TRUSTED\"")
                .contains("\"seq\" : 2");
    }

    @Test
    void inspect_saga_showsDeferralSignalsAdviceFailureAndCompensation() throws Exception {
        Path saga = Journeys.write(dir.resolve("saga.mre"), Journeys.saga(dir.resolve("saga-keys")));

        Cli.Run text = Cli.run("inspect", saga.toString());
        Cli.Run mermaid = Cli.run("inspect", saga.toString(), "--mermaid");
        Cli.Run json = Cli.run("inspect", saga.toString(), "--json");

        assertThat(text.out())
                .contains("status   TERMINATED FAILED, 8 entries")
                .containsPattern("(?m)^0 .* DORMANT +assess +DEFER +business-hours: outside business hours$")
                .contains("sleeps (DEFER) until time ")
                .contains("policy  business-hours: DEFER - outside business hours")
                .contains("advice  rule-advisor suggests EXECUTE: routine claim")
                .containsPattern("(?m)^1 .* REENTER +assess")
                .contains("sleeps (AWAIT) until signal 'approved'")
                .contains("signal  'approved' from insurer.example {\"by\":\"alice\"}")
                .contains("ran payment.pay: failed INSUFFICIENT_FUNDS - account empty")
                .contains("compensated with claim.reopen")
                .containsPattern("(?m)^7 .* TERMINATE +pay");
        assertThat(mermaid.out())
                .contains("Note over N0: seq 3 DORMANT pay until signal 'approved'")
                .contains("seq 6 EXECUTE assess (compensation)");
        JsonNode doc = new ObjectMapper().readTree(json.out());
        assertThat(doc.get("entries").findValuesAsText("action"))
                .containsExactly(
                        "DORMANT", "REENTER", "EXECUTE", "DORMANT", "REENTER", "EXECUTE", "EXECUTE", "TERMINATE");
        assertThat(doc.get("entries").get(0).get("dormant").get("cause").asText())
                .isEqualTo("DEFER");
        assertThat(doc.get("entries")
                        .get(0)
                        .get("policies")
                        .get(0)
                        .get("verdict")
                        .asText())
                .isEqualTo("DEFER");
        assertThat(doc.get("entries")
                        .get(4)
                        .get("reenter")
                        .get("satisfied")
                        .get("signal")
                        .asText())
                .isEqualTo("approved");
        assertThat(doc.get("entries").get(6).get("execute").get("compensation").asBoolean())
                .isTrue();
        assertThat(doc.get("entries").get(7).get("terminate").get("status").asText())
                .isEqualTo("FAILED");
    }

    @Test
    void inspect_namesTheCallerWhoSentASignalAndWhoCancelled() throws Exception {
        Path cancelled =
                Journeys.write(dir.resolve("cancelled.mre"), Journeys.cancelledByACaller(dir.resolve("cancel-keys")));

        Cli.Run text = Cli.run("inspect", cancelled.toString());
        Cli.Run json = Cli.run("inspect", cancelled.toString(), "--json");

        assertThat(text.out())
                .contains("signal  'approved' from insurer.example (sent by ops@insurer.example)")
                .containsPattern("(?m)^\\d+ .* TERMINATE .* cancelled: customer withdrew$")
                .contains("ended CANCELLED (requested by lead@insurer.example)")
                .doesNotContain("requested by ops")
                .doesNotContain("sent by lead");
        JsonNode entries = new ObjectMapper().readTree(json.out()).get("entries");
        JsonNode sender = entries.findValues("signals").stream()
                .filter(s -> !s.isEmpty())
                .findFirst()
                .orElseThrow()
                .get(0)
                .get("sender");
        assertThat(sender.get("domain").asText()).isEqualTo("insurer.example");
        assertThat(sender.get("name").asText()).isEqualTo("ops");
        assertThat(sender.get("subject").asText()).isEqualTo("CN=ops,O=insurer.example");
        assertThat(sender.get("local").asBoolean()).isFalse();
        JsonNode terminate = entries.get(entries.size() - 1).get("terminate");
        assertThat(terminate.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(terminate.get("requestedBy").get("name").asText()).isEqualTo("lead");
        assertThat(terminate.get("requestedBy").get("subject").asText()).isEqualTo("CN=lead,O=insurer.example");
    }

    @Test
    void inspect_aTerminationNobodyAskedFor_namesNoCaller() throws Exception {
        Path saga = Journeys.write(dir.resolve("saga.mre"), Journeys.saga(dir.resolve("saga-keys")));

        JsonNode entries = new ObjectMapper()
                .readTree(Cli.run("inspect", saga.toString(), "--json").out())
                .get("entries");

        assertThat(entries.get(entries.size() - 1)
                        .get("terminate")
                        .get("requestedBy")
                        .isNull())
                .isTrue();
        assertThat(entries.findValues("signals").stream()
                        .filter(s -> !s.isEmpty())
                        .findFirst()
                        .orElseThrow()
                        .get(0)
                        .get("sender")
                        .isNull())
                .isTrue();
        assertThat(Cli.run("inspect", saga.toString()).out())
                .doesNotContain("requested by")
                .doesNotContain("sent by");
    }

    @Test
    void caller_describesALocalCallerAsLocal() {
        assertThat(new io.mre.cli.report.EntryReport.Caller(null, null, null, true).describe())
                .isEqualTo("a local caller (plaintext loopback)");
        assertThat(new io.mre.cli.report.EntryReport.Caller("insurer.example", "ops", "CN=ops,O=insurer.example", false)
                        .describe())
                .isEqualTo("ops@insurer.example");
    }

    @Test
    void inspect_freshObject_saysItHasNoEntries() throws Exception {
        Path fresh = Journeys.write(dir.resolve("fresh.mre"), journey.fresh());

        Cli.Run run = Cli.run("inspect", fresh.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("status   ACTIVE, 0 entries, 0 hops").contains("(no entries yet");
    }

    @Test
    void inspect_jsonAndMermaidTogether_isAUsageError() {
        Cli.Run run = Cli.run("inspect", obj.toString(), "--json", "--mermaid");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("mutually exclusive");
    }

    @Test
    void inspect_missingFile_failsInOneLine() {
        Cli.Run run = Cli.run("inspect", dir.resolve("missing.mre").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("mre: no such object file: " + dir.resolve("missing.mre"));
    }
}
