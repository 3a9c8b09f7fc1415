package io.mre.it;

import static io.mre.it.mesh.Plans.id;
import static io.mre.it.mesh.Plans.object;
import static io.mre.it.mesh.Plans.step;
import static io.mre.it.mesh.RpcErrors.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import io.mre.it.mesh.MeshClient;
import io.mre.it.mesh.MeshNode;
import io.mre.it.mesh.NodeOptions;
import io.mre.it.mesh.TestMesh;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.DelegateRequest;
import io.mre.proto.v1.DormantCause;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.GetResponse;
import io.mre.proto.v1.Lifecycle;
import io.mre.proto.v1.Memory;
import io.mre.proto.v1.SubmitRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer that refuses custody for good (here: the object is above its size limit) does not strand the object
 * behind a DELEGATE nobody accepted: the sender re-decides without that peer and, with no other capable peer,
 * keeps the object dormant with a retry — still addressable, still its custodian.
 */
class RefusedHandOffIT {
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
        b1 = mesh.start(NodeOptions.of("b1", BETA).withHandlers("score").withLimit("maxObjectBytes", "1KiB"));
        a1 = mesh.start(NodeOptions.of("a1", ALPHA).withHandlers("prepare").withPeers(b1));
        mesh.awaitPeerFor(a1, "score");
    }

    @AfterAll
    static void stopMesh() {
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    void handOff_refusedForGoodByThePeer_leavesTheObjectDormantWithTheSenderNotStranded() throws Exception {
        ExecutableObject object = object(ALPHA, step("s1", "prepare", ALPHA), step("s2", "score", BETA));
        MeshClient alpha = mesh.client(a1, ALPHA);

        alpha.node().submit(SubmitRequest.newBuilder().setObject(object).build());
        GetResponse parked = alpha.get(id(object));

        assertThat(parked.getStatus().getLifecycle()).isEqualTo(Lifecycle.LIFECYCLE_DORMANT);
        List<Entry> entries = entries(parked.getObject());
        assertThat(entries)
                .extracting(Entry::getAction)
                .containsExactly(Action.ACTION_EXECUTE, Action.ACTION_DELEGATE, Action.ACTION_DORMANT);
        assertThat(entries.get(2).getDormant().getCause()).isEqualTo(DormantCause.DORMANT_CAUSE_NO_PEER);
        assertThat(entries.get(2).getNode().getNodeId()).isEqualTo("a1");
        // b1 holds nothing: it refused before parking (a Get by a1's domain, which may ask, finds no object)
        assertRefused(() -> mesh.client(b1, ALPHA).get(id(object)), Status.Code.NOT_FOUND, "OBJECT_NOT_FOUND");
        // and why it refused: the very history a1 handed over (up to its DELEGATE), delivered again by a1's
        // domain, is refused for its size, not for being unreachable or untrusted
        ExecutableObject handedOver = parked.getObject().toBuilder()
                .setMemory(Memory.newBuilder()
                        .addAllEntries(
                                parked.getObject().getMemory().getEntriesList().subList(0, 2)))
                .build();
        var refusal = assertRefused(
                () -> mesh.client(b1, ALPHA)
                        .federation()
                        .delegate(DelegateRequest.newBuilder()
                                .setObject(handedOver)
                                .build()),
                Status.Code.RESOURCE_EXHAUSTED,
                "OBJECT_TOO_LARGE");
        assertThat(refusal.message()).contains("this node accepts at most 1024");
        assertRefused(() -> mesh.client(b1, ALPHA).get(id(object)), Status.Code.NOT_FOUND, "OBJECT_NOT_FOUND");
    }

    private static List<Entry> entries(ExecutableObject object) throws InvalidProtocolBufferException {
        List<Entry> out = new java.util.ArrayList<>();
        for (var e : object.getMemory().getEntriesList()) {
            out.add(Entry.parseFrom(e.getEntry()));
        }
        return out;
    }
}
