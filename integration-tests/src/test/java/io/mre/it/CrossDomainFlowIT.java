package io.mre.it;

import static io.mre.it.mesh.Plans.id;
import static io.mre.it.mesh.Plans.journey;
import static io.mre.it.mesh.Plans.object;
import static io.mre.it.mesh.Plans.step;
import static io.mre.it.mesh.RpcErrors.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.mre.crypto.TrustBundle;
import io.mre.engine.MreException;
import io.mre.engine.verify.VerifiedObject;
import io.mre.engine.verify.Verifier;
import io.mre.engine.verify.VerifierSettings;
import io.mre.errors.ErrorCode;
import io.mre.it.mesh.MeshClient;
import io.mre.it.mesh.MeshNode;
import io.mre.it.mesh.NodeOptions;
import io.mre.it.mesh.TestMesh;
import io.mre.proto.v1.DelegateRequest;
import io.mre.proto.v1.DelegateResponse;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.GetResponse;
import io.mre.proto.v1.Lifecycle;
import io.mre.proto.v1.SubmitRequest;
import io.mre.proto.v1.SubmitResponse;
import io.mre.proto.v1.TerminalStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One object crossing two organizations and back: step 1 in alpha, step 2 routed to beta, step 3 back in alpha,
 * each hand-off a custody transfer over mutual TLS. The final object carries the whole journey and verifies offline
 * against a bundle holding both domains' CAs, and only against such a bundle.
 */
class CrossDomainFlowIT {
    private static final String ALPHA = "alpha.example";
    private static final String BETA = "beta.example";

    @TempDir
    static Path dir;

    private static TestMesh mesh;
    private static MeshNode a1;
    private static MeshNode b1;

    @BeforeAll
    static void startMesh() {
        mesh = TestMesh.create(dir.resolve("mesh"), ALPHA, BETA);
        int a1Port = TestMesh.freePort();
        // Each node names the other as its peer; b1 starts first and finds a1 once a1 listens.
        b1 = mesh.start(NodeOptions.of("b1", BETA).withHandlers("score").withPeers("127.0.0.1:" + a1Port));
        a1 = mesh.start(NodeOptions.of("a1", ALPHA)
                .withPort(a1Port)
                .withHandlers("prepare", "finish")
                .withPeers(b1));
        mesh.awaitPeerFor(a1, "score");
        mesh.awaitPeerFor(b1, "finish");
    }

    @AfterAll
    static void stopMesh() {
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    void flow_delegatesToBetaAndBackAndCompletesInAlpha() {
        ExecutableObject object = threeSteps();
        MeshClient alpha = mesh.client(a1, ALPHA);

        SubmitResponse submitted =
                alpha.node().submit(SubmitRequest.newBuilder().setObject(object).build());
        GetResponse done = await().atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(
                        () -> alpha.get(id(object)),
                        r -> r.getStatus().getLifecycle() == Lifecycle.LIFECYCLE_TERMINATED);

        assertThat(submitted.getStatus().getHolder().getNodeId())
                .as("custody passed to beta")
                .isEqualTo("b1");
        assertThat(done.getStatus().getTerminalStatus())
                .as("%s", journey(done.getObject()))
                .isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
        assertThat(journey(done.getObject()))
                .containsExactly(
                        "EXECUTE s1 a1@" + ALPHA,
                        "DELEGATE s2 a1@" + ALPHA,
                        "EXECUTE s2 b1@" + BETA,
                        "DELEGATE s3 b1@" + BETA,
                        "EXECUTE s3 a1@" + ALPHA,
                        "TERMINATE  a1@" + ALPHA);
        assertThat(done.getStatus().getHops()).isEqualTo(2);
        assertRefused(() -> mesh.client(b1, BETA).get(id(object)), Status.Code.NOT_FOUND, "OBJECT_NOT_FOUND");
    }

    @Test
    void staleRedelivery_ofAHeadBetaAcceptedAndPassedOn_isAcknowledgedAgainAndChangesNothing() {
        ExecutableObject object = threeSteps();
        MeshClient alpha = mesh.client(a1, ALPHA);
        ExecutableObject done = runToTheEnd(alpha, object);
        // a1's hand-off to b1 exactly as it went over the wire (EXECUTE s1, DELEGATE s2), delivered again as if
        // a1 had never seen b1's acknowledgement. b1 has since run s2 and passed the object back to a1.
        ExecutableObject asFirstSent = done.toBuilder()
                .setMemory(done.getMemory().toBuilder()
                        .clearEntries()
                        .addAllEntries(done.getMemory().getEntriesList().subList(0, 2)))
                .build();

        DelegateResponse again = mesh.client(b1, ALPHA)
                .federation()
                .delegate(DelegateRequest.newBuilder().setObject(asFirstSent).build());

        assertThat(again.getDuplicate())
                .as("the head b1 accepted before: the same acknowledgement")
                .isTrue();
        assertThat(again.hasResult()).isFalse();
        assertRefused(() -> mesh.client(b1, BETA).get(id(object)), Status.Code.NOT_FOUND, "OBJECT_NOT_FOUND");
        assertThat(alpha.get(id(object)).getObject())
                .as("the one custody, untouched")
                .isEqualTo(done);
    }

    @Test
    void finalObject_verifiesOfflineAgainstBothDomainsAndNotAgainstOne() throws Exception {
        ExecutableObject object = threeSteps();
        MeshClient alpha = mesh.client(a1, ALPHA);
        ExecutableObject done = runToTheEnd(alpha, object);
        // A third party's bundle, as `mre verify --trust DIR` reads it: one CA file per domain.
        TrustBundle both = TrustBundle.load(mesh.trustFolder(dir.resolve("auditor"), List.of(ALPHA, BETA)));
        TrustBundle alphaOnly = TrustBundle.load(mesh.trustFolder(dir.resolve("alpha-only"), List.of(ALPHA)));

        VerifiedObject verified = new Verifier(VerifierSettings.strict(both)).verify(done);
        MreException refused = catchThrowableOfType(
                MreException.class, () -> new Verifier(VerifierSettings.strict(alphaOnly)).verify(done));

        assertThat(verified.entries()).hasSize(6);
        assertThat(verified.objectId()).isEqualTo(id(object));
        assertThat(refused)
                .as("beta's entries cannot be checked without beta's CA")
                .isNotNull();
        assertThat(refused.code()).isEqualTo(ErrorCode.INTEGRITY_VIOLATION);
        assertThat(refused.metadata()).containsEntry("seq", "2").containsKey("rule");
    }

    /** Step 1 in alpha, step 2 routed to beta, step 3 back in alpha. */
    private static ExecutableObject threeSteps() {
        return object(ALPHA, step("s1", "prepare", ALPHA), step("s2", "score", BETA), step("s3", "finish", ALPHA));
    }

    /** Submits {@code object} to a1 and returns it once it has terminated there. */
    private static ExecutableObject runToTheEnd(MeshClient alpha, ExecutableObject object) {
        alpha.node().submit(SubmitRequest.newBuilder().setObject(object).build());
        return await().atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> alpha.get(id(object)), r -> r.getStatus().getLifecycle() == Lifecycle.LIFECYCLE_TERMINATED)
                .getObject();
    }
}
