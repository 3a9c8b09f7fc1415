package io.mre.it;

import static io.mre.it.mesh.Plans.id;
import static io.mre.it.mesh.Plans.object;
import static io.mre.it.mesh.Plans.step;
import static io.mre.it.mesh.RpcErrors.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.mre.crypto.CertificateAuthority;
import io.mre.crypto.SigningKey;
import io.mre.it.mesh.ForgeNode;
import io.mre.it.mesh.MeshClient;
import io.mre.it.mesh.MeshNode;
import io.mre.it.mesh.NodeOptions;
import io.mre.it.mesh.TestMesh;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.DelegateRequest;
import io.mre.proto.v1.DescribeRequest;
import io.mre.proto.v1.EvaluateRequest;
import io.mre.proto.v1.EvaluateResponse;
import io.mre.proto.v1.ExecutableObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only certificates from the CAs in a node's trust bundle get in, and a peer only delivers objects its own domain
 * delegated: a client or node of a domain the node does not trust is refused in the TLS handshake, a certificate
 * naming a trusted domain but issued by another CA too, and a Delegate whose caller's domain is not the delegating
 * entry's domain is refused as UNAUTHENTICATED.
 */
class UntrustedPeerIT {
    private static final String ALPHA = "alpha.example";
    private static final String BETA = "beta.example";
    /** Has a CA, but no node of alpha or beta trusts it. */
    private static final String GAMMA = "gamma.example";

    @TempDir
    static Path dir;

    private static TestMesh mesh;
    private static MeshNode b1;
    private static MeshNode a1;
    private static MeshNode g1;

    @BeforeAll
    static void startMesh() {
        mesh = TestMesh.create(dir, ALPHA, BETA, GAMMA);
        b1 = mesh.start(NodeOptions.of("b1", BETA).withHandlers("score").trusting(ALPHA, BETA));
        // g1 trusts b1's CA, b1 does not trust g1's: the link fails in b1's half of the handshake.
        g1 = mesh.start(NodeOptions.of("g1", GAMMA).withHandlers("prepare").withPeers(b1));
        a1 = mesh.start(NodeOptions.of("a1", ALPHA)
                .withHandlers("prepare")
                .withPeers(b1)
                .trusting(ALPHA, BETA));
        mesh.awaitPeerFor(a1, "score");
    }

    @AfterAll
    static void stopMesh() {
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    void clientOfAnUntrustedDomain_isRefusedInTheHandshake() {
        MeshClient untrusted = mesh.client(b1, GAMMA);

        StatusRuntimeException refused = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> untrusted.federation().describe(DescribeRequest.getDefaultInstance()));

        assertRefusedInTheHandshake(refused);
        assertThat(mesh.client(b1, ALPHA).health(""))
                .as("b1 keeps serving trusted callers")
                .isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void certificateNamingATrustedDomainFromAnotherCa_isRefused() {
        CertificateAuthority impostor = CertificateAuthority.create(ALPHA, Duration.ofDays(1));
        SigningKey forged = impostor.issueNode("a1", Duration.ofDays(1));
        MeshClient client = mesh.client(b1.address(), forged, mesh.trustBundle(ALPHA, BETA));

        StatusRuntimeException refused = catchThrowableOfType(
                StatusRuntimeException.class, () -> client.federation().describe(DescribeRequest.getDefaultInstance()));

        assertRefusedInTheHandshake(refused);
        assertThat(mesh.client(b1, ALPHA).health(""))
                .as("b1 keeps serving trusted callers")
                .isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void assertRefusedInTheHandshake_doesNotAcceptWhatANodeThatIsDownAnswers() {
        MeshClient toNobody =
                mesh.client("127.0.0.1:" + TestMesh.freePort(), mesh.clientKey(ALPHA), mesh.trustBundle(ALPHA, BETA));

        StatusRuntimeException down = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> toNobody.federation().describe(DescribeRequest.getDefaultInstance()));

        assertThat(down.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThatThrownBy(() -> assertRefusedInTheHandshake(down)).isInstanceOf(AssertionError.class);
    }

    /**
     * A refusal in the TLS handshake, told apart from a node that is down or unreachable (which also answers
     * UNAVAILABLE): the failure's causes include a TLS error (an alert from the node, or the node closing the
     * connection during the handshake), never a refused or reset TCP connection.
     */
    private static void assertRefusedInTheHandshake(StatusRuntimeException refused) {
        assertThat(refused).isNotNull();
        assertThat(refused.getStatus().getCode())
                .as("%s", refused.getStatus())
                .isIn(Status.Code.UNAVAILABLE, Status.Code.UNAUTHENTICATED);
        List<Throwable> causes = new java.util.ArrayList<>();
        for (Throwable t = refused; t != null && !causes.contains(t); t = t.getCause()) {
            causes.add(t);
        }
        assertThat(causes)
                .as("causes of %s", refused.getStatus())
                .noneMatch(t -> t instanceof java.net.ConnectException)
                .anyMatch(t -> t instanceof javax.net.ssl.SSLException
                        || String.valueOf(t.getMessage()).contains("handshake"));
    }

    @Test
    void nodeOfAnUntrustedDomain_neverLearnsThePeerThatRefusesIt() {
        EvaluateRequest needsScore = EvaluateRequest.newBuilder()
                .setObject(object(GAMMA, step("s1", "score")))
                .build();
        EvaluateRequest trustedNeedsScore = EvaluateRequest.newBuilder()
                .setObject(object(ALPHA, step("s1", "score")))
                .build();

        EvaluateResponse fromGamma = mesh.client(g1).node().evaluate(needsScore);
        EvaluateResponse fromAlpha = mesh.client(a1).node().evaluate(trustedNeedsScore);

        assertThat(fromAlpha.getAction())
                .as("control: a trusted node routes to b1")
                .isEqualTo(Action.ACTION_DELEGATE);
        assertThat(fromGamma.getAction()).as("%s", fromGamma.getExplanation()).isEqualTo(Action.ACTION_DORMANT);
        assertThat(fromGamma.getExplanation()).contains("no reachable node");
    }

    @Test
    void delegate_fromAPeerOfAnotherDomainThanTheDelegatingEntry_isUnauthenticated() {
        ForgeNode alphaNode = ForgeNode.of(mesh, "a-forge", ALPHA, List.of("prepare"), Map.of(b1, Set.of("score")));
        ExecutableObject delegated = alphaNode.delegate(object(ALPHA, step("s1", "prepare"), step("s2", "score")));
        DelegateRequest request =
                DelegateRequest.newBuilder().setObject(delegated).build();
        MeshClient betaCaller = mesh.client(b1, BETA);

        var info = assertRefused(
                () -> betaCaller.federation().delegate(request), Status.Code.UNAUTHENTICATED, "UNTRUSTED_PEER");
        assertRefused(() -> betaCaller.get(id(delegated)), Status.Code.NOT_FOUND, "OBJECT_NOT_FOUND");
        var accepted = mesh.client(b1, ALPHA).federation().delegate(request);

        assertThat(info.metadata()).containsEntry("object_id", id(delegated));
        assertThat(accepted.getReceiver().getNodeId())
                .as("the delegating domain's own peer is accepted")
                .isEqualTo("b1");
    }

    @Test
    void delegate_ofAnObjectDelegatedToAnotherNode_isRefused() {
        ForgeNode alphaNode = ForgeNode.of(mesh, "a-forge2", ALPHA, List.of("prepare"), Map.of(a1, Set.of("score")));
        ExecutableObject toA1 = alphaNode.delegate(object(ALPHA, step("s1", "prepare"), step("s2", "score")));

        assertRefused(
                () -> mesh.client(b1, ALPHA)
                        .federation()
                        .delegate(DelegateRequest.newBuilder().setObject(toA1).build()),
                Status.Code.FAILED_PRECONDITION,
                "WRONG_CUSTODIAN");
    }
}
