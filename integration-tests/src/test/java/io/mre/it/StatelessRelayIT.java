package io.mre.it;

import static io.mre.it.mesh.Plans.id;
import static io.mre.it.mesh.Plans.journey;
import static io.mre.it.mesh.Plans.object;
import static io.mre.it.mesh.Plans.step;
import static io.mre.it.mesh.RpcErrors.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.mre.engine.verify.Verifier;
import io.mre.engine.verify.VerifierSettings;
import io.mre.it.mesh.MeshClient;
import io.mre.it.mesh.MeshNode;
import io.mre.it.mesh.NodeOptions;
import io.mre.it.mesh.TestMesh;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.SubmitRequest;
import io.mre.proto.v1.SubmitResponse;
import io.mre.proto.v1.TerminalStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stateless nodes keep nothing: a delegation is relayed through the peers and the final object comes back to the
 * caller in the Submit response, whatever the number of relays on the way.
 */
class StatelessRelayIT {
    private static final String ALPHA = "alpha.example";
    private static final String BETA = "beta.example";

    @TempDir
    static Path dir;

    private static TestMesh mesh;
    /** alpha, stateless: prepare, finish. */
    private static MeshNode s1;
    /** beta, stateless: score. */
    private static MeshNode t1;
    /** beta, memory-aware: work. */
    private static MeshNode m1;

    @BeforeAll
    static void startMesh() {
        mesh = TestMesh.create(dir, ALPHA, BETA);
        int s1Port = TestMesh.freePort();
        m1 = mesh.start(NodeOptions.of("m1", BETA).withHandlers("work"));
        t1 = mesh.start(
                NodeOptions.of("t1", BETA).asStateless().withHandlers("score").withPeers("127.0.0.1:" + s1Port));
        s1 = mesh.start(NodeOptions.of("s1", ALPHA)
                .asStateless()
                .withPort(s1Port)
                .withHandlers("prepare", "finish")
                .withPeers(t1, m1));
        mesh.awaitPeerFor(s1, "score");
        mesh.awaitPeerFor(t1, "finish");
    }

    @AfterAll
    static void stopMesh() {
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    void submit_relaysThroughAStatelessPeerAndReturnsTheFinalObject() {
        ExecutableObject object = object(ALPHA, step("p", "prepare", ALPHA), step("q", "score", BETA));
        MeshClient client = mesh.client(s1, ALPHA);

        SubmitResponse r = client.node()
                .submit(SubmitRequest.newBuilder().setObject(object).build());

        assertThat(r.getStatus().getTerminalStatus())
                .as("%s", journey(r.getObject()))
                .isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
        assertThat(journey(r.getObject()))
                .containsExactly(
                        "EXECUTE p s1@" + ALPHA,
                        "DELEGATE q s1@" + ALPHA,
                        "EXECUTE q t1@" + BETA,
                        "TERMINATE  t1@" + BETA);
        // Only a relay returns this: s1 answered the Submit after t1 ran the step and finished the object, so
        // the response's head is t1's TERMINATE (a sender that returned at its DELEGATE would show s1's head), and
        // the status s1 reports is the one t1 folded.
        var verified = new Verifier(VerifierSettings.strict(mesh.trustBundle())).verify(r.getObject());
        assertThat(verified.entries().getLast().getNode().getNodeId()).isEqualTo("t1");
        assertThat(r.getStatus().getHolder().getNodeId()).isEqualTo("t1");
        assertThat(r.getStatus().getHops()).isEqualTo(1);
        // and neither stateless node kept it: a Get on either names the stateless mode, not a missing id
        assertThat(assertRefused(() -> client.get(id(object)), Status.Code.NOT_FOUND, "OBJECT_NOT_FOUND")
                        .message())
                .contains("stateless");
        assertThat(assertRefused(() -> mesh.client(t1, BETA).get(id(object)), Status.Code.NOT_FOUND, "OBJECT_NOT_FOUND")
                        .message())
                .contains("stateless");
    }

    @Test
    void submit_relaysThereAndBackThroughTwoStatelessNodes() {
        ExecutableObject object =
                object(ALPHA, step("p", "prepare", ALPHA), step("q", "score", BETA), step("r", "finish", ALPHA));

        SubmitResponse r = mesh.client(s1, ALPHA)
                .node()
                .submit(SubmitRequest.newBuilder().setObject(object).build());

        assertThat(r.getStatus().getTerminalStatus())
                .as("%s", journey(r.getObject()))
                .isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
        assertThat(journey(r.getObject()))
                .containsExactly(
                        "EXECUTE p s1@" + ALPHA,
                        "DELEGATE q s1@" + ALPHA,
                        "EXECUTE q t1@" + BETA,
                        "DELEGATE r t1@" + BETA,
                        "EXECUTE r s1@" + ALPHA,
                        "TERMINATE  s1@" + ALPHA);
        assertThat(r.getStatus().getHops()).isEqualTo(2);
    }

    @Test
    void submit_relaysToAMemoryAwarePeerWhichAlsoKeepsTheResult() {
        ExecutableObject object = object(ALPHA, step("p", "prepare", ALPHA), step("w", "work", BETA));

        SubmitResponse r = mesh.client(s1, ALPHA)
                .node()
                .submit(SubmitRequest.newBuilder().setObject(object).build());

        assertThat(r.getStatus().getTerminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
        assertThat(mesh.client(m1, ALPHA).get(id(object)).getObject()).isEqualTo(r.getObject());
    }
}
