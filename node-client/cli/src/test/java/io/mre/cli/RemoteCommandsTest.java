package io.mre.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Status;
import io.mre.proto.v1.ExecutableObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remote commands as a user runs them, against fake nodes on loopback sockets (plaintext). */
class RemoteCommandsTest {
    @TempDir
    Path dir;

    FakeNode insurer;
    FakeNode bureau;
    Journeys.Journey journey;
    Path obj;

    @BeforeEach
    void nodes() throws Exception {
        insurer = FakeNode.plaintext();
        bureau = FakeNode.plaintext();
        journey = Journeys.twoDomains(dir, bureau.address());
        obj = Journeys.write(dir.resolve("claim.mre"), journey.fresh());
    }

    @AfterEach
    void stop() throws Exception {
        insurer.close();
        bureau.close();
    }

    @Test
    void submit_printsTheAppendedEntriesAndSavesTheObject() throws Exception {
        insurer.submitResult = journey.afterInsurer();
        Path out = dir.resolve("after.mre");

        Cli.Run run = Cli.run("submit", "--to", insurer.address(), obj.toString(), "--out", out.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .contains("submitted " + journey.objectId() + " to " + insurer.address()
                        + "; the node appended 2 entries")
                .containsPattern("(?m)^0 +\\S+Z +insurer-1 +insurer.example +EXECUTE +assess")
                .containsPattern("(?m)^1 +\\S+Z +insurer-1 +insurer.example +DELEGATE +credit-check")
                .contains("status ACTIVE, 2 entries, 1 hop, held by bureau-1@bureau.example")
                .contains("wrote " + out);
        assertThat(ExecutableObject.parseFrom(Files.readAllBytes(out))).isEqualTo(journey.afterInsurer());
    }

    @Test
    void submit_wait_followsTheObjectToThePeerUntilItEnds() throws Exception {
        insurer.submitResult = journey.afterInsurer();
        // The insurer has handed the object on: its Watch says where it went, and the client follows.
        insurer.departed.put(
                journey.objectId(),
                io.mre.proto.v1.WatchMoved.newBuilder()
                        .setNode(io.mre.proto.v1.NodeRef.newBuilder()
                                .setNodeId("bureau-1")
                                .setTrustDomain("bureau.example"))
                        .setAddress(bureau.address())
                        .setDelegateSeq(1)
                        .build());
        bureau.held.put(journey.objectId(), journey.done());
        Path out = dir.resolve("final.mre");

        Cli.Run run = Cli.run("submit", "--to", insurer.address(), obj.toString(), "--wait", "--out", out.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .contains("(following the object to " + bureau.address() + ")")
                .containsPattern("(?m)^2 +\\S+Z +bureau-1 +bureau.example +EXECUTE +credit-check")
                .containsPattern("(?m)^3 +\\S+Z +bureau-1 +bureau.example +TERMINATE")
                .contains("status TERMINATED COMPLETED, 4 entries, 1 hop");
        assertThat(ExecutableObject.parseFrom(Files.readAllBytes(out))).isEqualTo(journey.done());
    }

    @Test
    void submit_json_isOneDocument() throws Exception {
        insurer.submitResult = journey.done();

        Cli.Run run = Cli.run("submit", "--to", insurer.address(), obj.toString(), "--json");

        assertThat(run.exit()).isZero();
        JsonNode doc = new ObjectMapper().readTree(run.out());
        assertThat(doc.get("objectId").asText()).isEqualTo(journey.objectId());
        assertThat(doc.get("appended")).hasSize(4);
        assertThat(doc.get("status").get("terminalStatus").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void submit_toAnUnreachableNode_failsInOneLine() {
        Cli.Run run = Cli.run("submit", "--to", "127.0.0.1:1", obj.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("mre: cannot reach a node at 127.0.0.1:1: connection refused");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void submit_refusedByTheNode_printsItsReasonInOneLine() {
        insurer.failWith(
                Status.Code.INVALID_ARGUMENT,
                "INVALID_INTENT",
                "invalid intent: operation 'claim.teleport' of step 'assess' is executed by no known node",
                Map.of("object_id", journey.objectId()));

        Cli.Run run = Cli.run("submit", "--to", insurer.address(), obj.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errLines())
                .containsExactly("mre: " + insurer.address()
                        + ": invalid intent: operation 'claim.teleport' of step 'assess' is executed by no known node"
                        + " (INVALID_ARGUMENT/INVALID_INTENT)");
    }

    @Test
    void submit_badAddress_isAUsageError() {
        Cli.Run run = Cli.run("submit", "--to", "localhost", obj.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errLines())
                .containsExactly("mre: --to must be HOST:PORT (e.g. 127.0.0.1:7001), got 'localhost'");
    }

    @Test
    void get_showsTheTimelineAndSavesTheObject() throws Exception {
        bureau.held.put(journey.objectId(), journey.done());
        Path out = dir.resolve("got.mre");

        Cli.Run run = Cli.run("get", "--at", bureau.address(), journey.objectId(), "--out", out.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("status   TERMINATED COMPLETED").contains("ended COMPLETED");
        assertThat(ExecutableObject.parseFrom(Files.readAllBytes(out))).isEqualTo(journey.done());
    }

    @Test
    void get_unknownObject_saysNotFoundInOneLine() {
        Cli.Run run = Cli.run("get", "--at", bureau.address(), "no-such-id");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errLines())
                .containsExactly("mre: " + bureau.address()
                        + ": object 'no-such-id' is not held by this node (NOT_FOUND/OBJECT_NOT_FOUND)");
    }

    @Test
    void getSignalCancelWatch_refusedCaller_printTheRefusalInOneLine() {
        String id = journey.objectId();
        String refusal = "caller ops@bureau.example may not %s object " + id + ": only callers of 'insurer.example'"
                + " may, unless this node's caller policy admits others";
        for (String[] command : List.of(
                new String[] {"get", "--at", bureau.address(), id},
                new String[] {"signal", "--at", bureau.address(), id, "approved"},
                new String[] {"cancel", "--at", bureau.address(), id},
                new String[] {"watch", "--at", bureau.address(), id})) {
            bureau.failWith(
                    Status.Code.PERMISSION_DENIED,
                    "CALLER_NOT_AUTHORIZED",
                    refusal.formatted(command[0]),
                    Map.of("object_id", id, "request", command[0].toUpperCase(), "caller", "ops@bureau.example"));

            Cli.Run run = Cli.run(command);

            assertThat(run.exit()).as(command[0]).isEqualTo(1);
            assertThat(run.errLines())
                    .as(command[0])
                    .containsExactly("mre: " + bureau.address() + ": " + refusal.formatted(command[0])
                            + " (PERMISSION_DENIED/CALLER_NOT_AUTHORIZED)");
        }
    }

    @Test
    void signal_sendsTheNameAndPayload() {
        bureau.held.put(journey.objectId(), journey.afterInsurer());

        Cli.Run run = Cli.run(
                "signal",
                "--at",
                bureau.address(),
                journey.objectId(),
                "approved",
                "--payload",
                "{\"by\": \"alice\", \"limit\": 5000}");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("signal 'approved' woke " + journey.objectId());
        assertThat(bureau.signals).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo("approved");
            assertThat(s.getObjectId()).isEqualTo(journey.objectId());
            assertThat(s.getPayload().getFieldsOrThrow("by").getStringValue()).isEqualTo("alice");
        });
    }

    @Test
    void signal_payloadThatIsNotJson_isAUsageError() {
        Cli.Run run = Cli.run("signal", "--at", bureau.address(), journey.objectId(), "approved", "--payload", "{by: ");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().startsWith("mre: --payload must be a JSON object");
        assertThat(bureau.signals).isEmpty();
    }

    @Test
    void cancel_sendsTheReason() {
        bureau.held.put(journey.objectId(), journey.done());

        Cli.Run run = Cli.run("cancel", "--at", bureau.address(), journey.objectId(), "--reason", "customer withdrew");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("cancelled " + journey.objectId());
        assertThat(bureau.cancels)
                .singleElement()
                .satisfies(c -> assertThat(c.getReason()).isEqualTo("customer withdrew"));
    }

    @Test
    void watch_printsEntriesUntilTheObjectEnds() {
        bureau.held.put(journey.objectId(), journey.done());

        Cli.Run run = Cli.run("watch", "--at", bureau.address(), journey.objectId(), "--from", "2");

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .doesNotContainPattern("(?m)^1 ")
                .containsPattern("(?m)^2 +\\S+Z +bureau-1")
                .containsPattern("(?m)^3 +\\S+Z +bureau-1 +bureau.example +TERMINATE");
    }

    @Test
    void watch_json_printsOneEntryPerLine() throws Exception {
        bureau.held.put(journey.objectId(), journey.done());

        Cli.Run run = Cli.run("watch", "--at", bureau.address(), journey.objectId(), "--json");

        assertThat(run.out().lines()).hasSize(4);
        JsonNode last = new ObjectMapper().readTree(run.out().lines().toList().get(3));
        assertThat(last.get("action").asText()).isEqualTo("TERMINATE");
        assertThat(last.get("terminate").get("status").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void peers_describesTheNode() throws Exception {
        Cli.Run text = Cli.run("peers", "--at", bureau.address());
        Cli.Run json = Cli.run("peers", "--at", bureau.address(), "--json");

        assertThat(text.exit()).isZero();
        assertThat(text.out())
                .contains("bureau-1@bureau.example")
                .contains("memory-aware, serving")
                .contains("credit.check, credit.report")
                .contains("region=eu-west")
                .contains("business-hours (policy, builtin)");
        assertThat(new ObjectMapper().readTree(json.out()).get("capabilities")).hasSize(2);
    }
}
