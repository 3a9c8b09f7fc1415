package io.mre.it;

import static io.mre.it.mesh.Plans.awaitingSignal;
import static io.mre.it.mesh.Plans.entries;
import static io.mre.it.mesh.Plans.id;
import static io.mre.it.mesh.Plans.object;
import static io.mre.it.mesh.Plans.step;
import static io.mre.it.mesh.RpcErrors.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.Status;
import io.mre.crypto.SigningKey;
import io.mre.engine.view.Values;
import io.mre.it.mesh.Forgery;
import io.mre.it.mesh.MeshClient;
import io.mre.it.mesh.MeshNode;
import io.mre.it.mesh.NodeOptions;
import io.mre.it.mesh.RpcErrors.Refusal;
import io.mre.it.mesh.TestMesh;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.CancelRequest;
import io.mre.proto.v1.DelegateDetail;
import io.mre.proto.v1.DelegateRequest;
import io.mre.proto.v1.DelegateResponse;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.ExecuteDetail;
import io.mre.proto.v1.IntentPatch;
import io.mre.proto.v1.Lifecycle;
import io.mre.proto.v1.MutateDetail;
import io.mre.proto.v1.NodeRef;
import io.mre.proto.v1.Outcome;
import io.mre.proto.v1.SignalRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A participant holding a node certificate that alpha's CA really issued (so mutual TLS admits it and its
 * signatures verify) attacks an object of {@code owner.example} that beta's node b1 holds parked, over Delegate:
 * every history it writes is chained and signed correctly, but none is a lawful continuation of what b1 holds. A
 * client of alpha (a trusted domain that does not own the object) signals and cancels it. Each attempt is refused
 * with the status and reason docs/operating-a-node.md documents, and the bytes the owner's client reads back are
 * the bytes parked before the attacks.
 */
class MaliciousParticipantIT {
    private static final String OWNER = "owner.example";
    private static final String ALPHA = "alpha.example";
    private static final String BETA = "beta.example";
    private static final String GAMMA = "gamma.example";

    @TempDir
    static Path dir;

    private static TestMesh mesh;
    private static MeshNode b1;
    private static SigningKey evil;
    private static MeshClient fromEvil;
    private static MeshClient owner;
    private static MeshClient alphaClient;

    private static ExecutableObject created;
    private static ExecutableObject lawful;
    private static ExecutableObject parked;
    private static final AtomicInteger tried = new AtomicInteger();
    private static final AtomicInteger refused = new AtomicInteger();

    @BeforeAll
    static void startMeshAndPark() {
        mesh = TestMesh.create(dir.resolve("mesh"), OWNER, ALPHA, BETA, GAMMA);
        b1 = mesh.start(NodeOptions.of("b1", BETA).withHandlers("score", "finish"));
        evil = mesh.authority(ALPHA).issueNode("a-evil", Duration.ofDays(1));
        fromEvil = mesh.client(b1.address(), evil, mesh.trustBundle());
        owner = mesh.client(b1, OWNER);
        alphaClient = mesh.client(b1, ALPHA);

        // s1 runs in alpha, s2 in beta, s3 waits in beta for the owner's "go": b1 parks the object dormant.
        created = object(
                OWNER,
                step("s1", "prepare", ALPHA),
                step("s2", "score", BETA),
                awaitingSignal(step("s3", "finish", BETA), "go"));
        lawful = new Forgery(created)
                .append(evil, execute("s1", "ok"))
                .append(evil, delegateTo("s2", b1))
                .object();
        DelegateResponse ack = fromEvil.federation()
                .delegate(DelegateRequest.newBuilder().setObject(lawful).build());
        assertThat(ack.getDuplicate()).isFalse();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> owner.get(id(created)).getStatus().getLifecycle() == Lifecycle.LIFECYCLE_DORMANT);
        parked = owner.get(id(created)).getObject();
        assertThat(entries(parked)).extracting(Entry::getAction).endsWith(Action.ACTION_DORMANT);
    }

    @AfterAll
    static void stopMesh() {
        System.out.println("malicious: attacks tried=" + tried.get() + " refused=" + refused.get()
                + " (the replayed older head among them: answered duplicate, nothing taken)");
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    void earlierEntryEditedAndReSigned_refusedAsABrokenChain() {
        EntryEnvelope delegate = lawful.getMemory().getEntries(1);
        ExecutableObject edited = new Forgery(created)
                .append(evil, execute("s1", "forged"))
                .appendAsIs(delegate)
                .object();

        Refusal r = attack(() -> delegate(edited), Status.Code.FAILED_PRECONDITION, "INTEGRITY_VIOLATION");

        assertThat(r.metadata()).containsEntry("rule", "CHAIN_BROKEN").containsEntry("seq", "1");
    }

    @Test
    void stepResultForgedForAStepRoutedToAnotherDomain_refusedAsOutOfRoute() {
        ExecutableObject forged = new Forgery(created)
                .append(evil, execute("s1", "ok"))
                .append(evil, execute("s2", "forged score"))
                .append(evil, delegateTo("s3", b1))
                .object();

        Refusal r = attack(() -> delegate(forged), Status.Code.FAILED_PRECONDITION, "INTEGRITY_VIOLATION");

        assertThat(r.metadata()).containsEntry("rule", "EXECUTE_OUT_OF_ROUTE").containsEntry("seq", "1");
        assertThat(r.message()).contains("routed to " + BETA);
    }

    @Test
    void unpermittedMutate_refused() {
        ExecutableObject mutated = new Forgery(created)
                .withGenesis()
                .append(evil, execute("s1", "ok"))
                .append(
                        evil,
                        e -> e.setAction(Action.ACTION_MUTATE)
                                .setMutate(MutateDetail.newBuilder()
                                        .setIntentPatch(IntentPatch.newBuilder().addRemoveStepIds("s3"))))
                .append(evil, delegateTo("s2", b1))
                .object();

        Refusal r = attack(() -> delegate(mutated), Status.Code.FAILED_PRECONDITION, "INTEGRITY_VIOLATION");

        assertThat(r.metadata()).containsEntry("rule", "MUTATE_NOT_ALLOWED").containsEntry("seq", "1");
        assertThat(r.message()).contains("only the owner domain " + OWNER);
    }

    @Test
    void historyTruncatedAndRegrown_refusedAsAFork() {
        ExecutableObject regrown = new Forgery(parked)
                .appendAsIs(lawful.getMemory().getEntries(0))
                .later(Duration.ofMillis(5))
                .append(evil, delegateTo("s2", b1))
                .object();
        assertThat(regrown.getMemory().getEntries(1))
                .isNotEqualTo(lawful.getMemory().getEntries(1));

        Refusal r = attack(() -> delegate(regrown), Status.Code.FAILED_PRECONDITION, "FORK_DETECTED");

        assertThat(r.metadata()).containsEntry("object_id", id(created));
        assertThat(r.message()).contains("diverges from the one this node saw");
    }

    @Test
    void olderHeadReplayed_isAcknowledgedAsADuplicate_andTakesNothing() {
        // docs/operating-a-node.md ("Retries are idempotent"): a head this node already accepted is answered
        // `duplicate` and no second copy is taken; the object stays dormant at its newer head.
        tried.incrementAndGet();
        DelegateResponse ack = delegate(lawful);

        assertThat(ack.getDuplicate()).isTrue();
        assertUnchanged();
        refused.incrementAndGet();
    }

    @Test
    void delegateNamingAThirdPartyAsTarget_refusedAsWrongCustodian() {
        NodeRef thirdParty =
                NodeRef.newBuilder().setNodeId("g1").setTrustDomain(GAMMA).build();
        ExecutableObject elsewhere = new Forgery(created)
                .append(evil, execute("s1", "ok"))
                .append(evil, delegateTo("s2", thirdParty, "127.0.0.1:1"))
                .object();

        Refusal r = attack(() -> delegate(elsewhere), Status.Code.FAILED_PRECONDITION, "WRONG_CUSTODIAN");

        assertThat(r.message()).contains("is not delegated to b1@" + BETA);
    }

    @Test
    void clientOfAnotherDomain_signalsAndCancels_refused() {
        String id = id(created);
        Refusal signal = attack(
                () -> alphaClient
                        .node()
                        .signal(SignalRequest.newBuilder()
                                .setObjectId(id)
                                .setName("go")
                                .setPayload(Values.toStruct(Map.of()))
                                .build()),
                Status.Code.PERMISSION_DENIED,
                "CALLER_NOT_AUTHORIZED");
        Refusal cancel = attack(
                () -> alphaClient
                        .node()
                        .cancel(CancelRequest.newBuilder()
                                .setObjectId(id)
                                .setReason("attack")
                                .build()),
                Status.Code.PERMISSION_DENIED,
                "CALLER_NOT_AUTHORIZED");

        assertThat(List.of(signal, cancel))
                .extracting(x -> x.metadata().get("request"))
                .containsExactly("SIGNAL", "CANCEL");
        assertThat(signal.metadata()).containsEntry("caller", "client." + ALPHA + "@" + ALPHA);
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private static Refusal attack(ThrowingCallable call, Status.Code code, String reason) {
        tried.incrementAndGet();
        Refusal r = assertRefused(call, code, reason);
        assertUnchanged();
        refused.incrementAndGet();
        return r;
    }

    private static void assertUnchanged() {
        var now = owner.get(id(created));
        assertThat(now.getObject().toByteString()).as("parked bytes unchanged").isEqualTo(parked.toByteString());
        assertThat(now.getStatus().getLifecycle()).isEqualTo(Lifecycle.LIFECYCLE_DORMANT);
    }

    private static DelegateResponse delegate(ExecutableObject object) {
        return fromEvil.federation()
                .delegate(DelegateRequest.newBuilder().setObject(object).build());
    }

    private static Consumer<Entry.Builder> execute(String step, String result) {
        return e -> e.setAction(Action.ACTION_EXECUTE)
                .setStepId(step)
                .setAttempt(1)
                .setOutcome(Outcome.newBuilder()
                        .setOutput(Struct.newBuilder()
                                .putFields(
                                        "result",
                                        Value.newBuilder()
                                                .setStringValue(result)
                                                .build())))
                .setExecute(ExecuteDetail.newBuilder().setOperation(step));
    }

    private static Consumer<Entry.Builder> delegateTo(String step, MeshNode target) {
        return delegateTo(
                step,
                NodeRef.newBuilder()
                        .setNodeId(target.nodeId())
                        .setTrustDomain(target.domain())
                        .build(),
                target.address());
    }

    private static Consumer<Entry.Builder> delegateTo(String step, NodeRef target, String address) {
        return e -> e.setAction(Action.ACTION_DELEGATE)
                .setStepId(step)
                .setDelegate(DelegateDetail.newBuilder().setTarget(target).setTargetAddress(address));
    }
}
