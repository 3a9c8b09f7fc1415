package io.mre.it;

import static io.mre.it.mesh.Plans.id;
import static io.mre.it.mesh.Plans.object;
import static io.mre.it.mesh.Plans.step;
import static io.mre.it.mesh.RpcErrors.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import io.grpc.Status;
import io.mre.crypto.SigningKey;
import io.mre.it.mesh.Forgery;
import io.mre.it.mesh.MeshClient;
import io.mre.it.mesh.MeshNode;
import io.mre.it.mesh.NodeOptions;
import io.mre.it.mesh.RpcErrors.Refusal;
import io.mre.it.mesh.TestMesh;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.DelegateDetail;
import io.mre.proto.v1.DelegateRequest;
import io.mre.proto.v1.DelegateResponse;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.ExecuteDetail;
import io.mre.proto.v1.NodeRef;
import io.mre.proto.v1.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trusted peer (a node certificate alpha's CA issued, over mutual TLS) delegates a history whose bytes are all
 * correct — chained, signed by its real key — but which is not a lawful run of its intent: it records the
 * execution of a step routed to beta. Beta's node replays the history on Delegate, refuses it with
 * INTEGRITY_VIOLATION naming the rule and the entry, and parks nothing; the lawful twin is accepted.
 */
class ForgedHistoryIT {
    private static final String ALPHA = "alpha.example";
    private static final String BETA = "beta.example";

    @TempDir
    static Path dir;

    private static TestMesh mesh;
    private static MeshNode b1;
    private static SigningKey alphaNode;
    private static MeshClient fromAlpha;

    @BeforeAll
    static void startMesh() {
        mesh = TestMesh.create(dir.resolve("mesh"), ALPHA, BETA);
        b1 = mesh.start(NodeOptions.of("b1", BETA).withHandlers("score"));
        alphaNode = mesh.authority(ALPHA).issueNode("a-forger", Duration.ofDays(1));
        fromAlpha = mesh.client(b1.address(), alphaNode, mesh.trustBundle());
    }

    @AfterAll
    static void stopMesh() {
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    void delegate_historyExecutingAStepRoutedToTheReceiversDomain_refusedAndNothingParked() {
        ExecutableObject created =
                object(ALPHA, step("s1", "prepare", ALPHA), step("s2", "score", BETA), step("s3", "finish", ALPHA));
        ExecutableObject forged = new Forgery(created)
                .append(alphaNode, execute("s1"))
                .append(alphaNode, execute("s2"))
                .append(alphaNode, delegateTo("s3", b1))
                .object();

        Refusal refused = assertRefused(
                () -> fromAlpha
                        .federation()
                        .delegate(DelegateRequest.newBuilder().setObject(forged).build()),
                Status.Code.FAILED_PRECONDITION,
                "INTEGRITY_VIOLATION");

        assertThat(refused.metadata())
                .containsEntry("rule", "EXECUTE_OUT_OF_ROUTE")
                .containsEntry("seq", "1")
                .containsEntry("object_id", id(created));
        assertThat(refused.message()).contains("routed to " + BETA);
        assertRefused(() -> mesh.client(b1, ALPHA).get(id(created)), Status.Code.NOT_FOUND, "OBJECT_NOT_FOUND");
    }

    @Test
    void delegate_lawfulTwin_isAccepted() {
        ExecutableObject created =
                object(ALPHA, step("s1", "prepare", ALPHA), step("s2", "score", BETA), step("s3", "finish", ALPHA));
        ExecutableObject lawful = new Forgery(created)
                .append(alphaNode, execute("s1"))
                .append(alphaNode, delegateTo("s2", b1))
                .object();

        DelegateResponse ack = fromAlpha
                .federation()
                .delegate(DelegateRequest.newBuilder().setObject(lawful).build());

        assertThat(ack.getDuplicate()).isFalse();
        assertThat(ack.getReceiver().getNodeId()).isEqualTo(b1.nodeId());
    }

    private static Consumer<Entry.Builder> execute(String step) {
        return e -> e.setAction(Action.ACTION_EXECUTE)
                .setStepId(step)
                .setAttempt(1)
                .setOutcome(Outcome.newBuilder().setOutput(Struct.getDefaultInstance()))
                .setExecute(ExecuteDetail.newBuilder().setOperation(step));
    }

    private static Consumer<Entry.Builder> delegateTo(String step, MeshNode target) {
        return e -> e.setAction(Action.ACTION_DELEGATE)
                .setStepId(step)
                .setDelegate(DelegateDetail.newBuilder()
                        .setTarget(
                                NodeRef.newBuilder().setNodeId(target.nodeId()).setTrustDomain(target.domain()))
                        .setTargetAddress(target.address()));
    }
}
