package io.mre.it;

import static io.mre.it.mesh.Plans.awaitingSignal;
import static io.mre.it.mesh.Plans.entries;
import static io.mre.it.mesh.Plans.id;
import static io.mre.it.mesh.Plans.object;
import static io.mre.it.mesh.Plans.step;
import static io.mre.it.mesh.RpcErrors.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.mre.engine.verify.Verifier;
import io.mre.engine.verify.VerifierSettings;
import io.mre.engine.view.Values;
import io.mre.it.mesh.MeshClient;
import io.mre.it.mesh.MeshNode;
import io.mre.it.mesh.NodeOptions;
import io.mre.it.mesh.RpcErrors.Refusal;
import io.mre.it.mesh.TestMesh;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.CallerRef;
import io.mre.proto.v1.CancelRequest;
import io.mre.proto.v1.CancelResponse;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.EvaluateRequest;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.GetResponse;
import io.mre.proto.v1.Lifecycle;
import io.mre.proto.v1.ReentryCondition;
import io.mre.proto.v1.SignalRequest;
import io.mre.proto.v1.SignalResponse;
import io.mre.proto.v1.Step;
import io.mre.proto.v1.SubmitRequest;
import io.mre.proto.v1.SubmitResponse;
import io.mre.proto.v1.TerminalStatus;
import io.mre.proto.v1.WatchRequest;
import io.mre.proto.v1.WatchResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node of {@code insurer.example} over mutual TLS answers a caller only about objects that caller may see, and
 * names who asked: a client of a trusted foreign domain is refused every request about the insurer's object (and
 * nothing changes), the insurer's own client is served, an auditor the node's caller policy admits is served for
 * exactly what it admits, and the entries of a signal and of a cancel name the caller as its TLS session proved it.
 */
class CallerAuthorizationIT {
    private static final String INSURER = "insurer.example";
    private static final String BUREAU = "bureau.example";
    private static final String REGULATOR = "regulator.example";
    private static final String DENIED = "CALLER_NOT_AUTHORIZED";

    @TempDir
    static Path dir;

    private static TestMesh mesh;
    private static MeshNode i1;
    private static MeshClient owner;
    private static MeshClient bureau;
    private static MeshClient auditor;

    @BeforeAll
    static void startMesh() {
        mesh = TestMesh.create(dir, INSURER, BUREAU, REGULATOR);
        i1 = mesh.start(
                NodeOptions.of("i1", INSURER).withHandlers("work"),
                List.of(Map.of(
                        "name",
                        "caller-rules",
                        "settings",
                        Map.of(
                                "allow",
                                Map.of(
                                        "get",
                                        List.of("auditor@" + REGULATOR),
                                        "watch",
                                        List.of("auditor@" + REGULATOR))))));
        owner = mesh.client(i1, INSURER);
        bureau = mesh.client(i1, BUREAU);
        auditor = mesh.client(
                i1.address(), mesh.authority(REGULATOR).issueNode("auditor", Duration.ofDays(1)), mesh.trustBundle());
    }

    @AfterAll
    static void stopMesh() {
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    void foreignTrustedDomain_isRefusedEveryRequest_andTheParkedObjectIsUnchanged() {
        ExecutableObject parked = park(awaitingSignal(step("s1", "work"), "approved"));
        String id = id(parked);

        List<Refusal> refusals = List.of(
                refused(() -> bureau.get(id)),
                refused(() -> firstOf(bureau.node()
                        .watch(WatchRequest.newBuilder().setObjectId(id).build()))),
                refused(() -> bureau.node()
                        .evaluate(EvaluateRequest.newBuilder().setObjectId(id).build())),
                refused(() -> bureau.node().signal(signal(id, "approved", Map.of("approver", "bureau")))),
                refused(() -> bureau.node()
                        .cancel(CancelRequest.newBuilder()
                                .setObjectId(id)
                                .setReason("x")
                                .build())),
                refused(() -> bureau.node()
                        .submit(SubmitRequest.newBuilder()
                                .setObject(object(INSURER, step("s1", "work")))
                                .build())));

        assertThat(refusals)
                .extracting(r -> r.metadata().get("request"))
                .containsExactly("GET", "WATCH", "EVALUATE", "SIGNAL", "CANCEL", "SUBMIT");
        assertThat(refusals).allSatisfy(r -> {
            assertThat(r.metadata()).containsEntry("caller", "client." + BUREAU + "@" + BUREAU);
            assertThat(r.message())
                    .startsWith("caller client." + BUREAU + "@" + BUREAU + " may not ")
                    .contains("only callers of '" + INSURER + "'");
        });
        assertThat(refusals.getFirst().metadata()).containsEntry("object_id", id);
        GetResponse after = owner.get(id);
        assertThat(after.getObject().toByteString())
                .as("parked bytes unchanged")
                .isEqualTo(parked.toByteString());
        assertThat(after.getStatus().getLifecycle()).isEqualTo(Lifecycle.LIFECYCLE_DORMANT);
    }

    @Test
    void ownerDomainClient_isServedEveryRequest() {
        ExecutableObject parked = park(awaitingSignal(step("s1", "work"), "approved"));
        String id = id(parked);

        assertThat(owner.get(id).getObject()).isEqualTo(parked);
        assertThat(firstOf(owner.node()
                                .watch(WatchRequest.newBuilder().setObjectId(id).build()))
                        .getDecoded()
                        .getAction())
                .isEqualTo(Action.ACTION_DORMANT);
        assertThat(owner.node()
                        .evaluate(EvaluateRequest.newBuilder().setObjectId(id).build())
                        .getExplanation())
                .contains("signal 'approved'");
        SignalResponse noise = owner.node().signal(signal(id, "noise", Map.of()));
        CancelResponse cancelled =
                owner.node().cancel(CancelRequest.newBuilder().setObjectId(id).build());

        assertThat(noise.getWoke()).isFalse();
        assertThat(cancelled.getStatus().getTerminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_CANCELLED);
    }

    @Test
    void auditorAdmittedByLocalPolicy_isServedExactlyWhatItAdmits() {
        ExecutableObject parked = park(awaitingSignal(step("s1", "work"), "approved"));
        String id = id(parked);

        GetResponse got = auditor.get(id);
        WatchResponse watched = firstOf(
                auditor.node().watch(WatchRequest.newBuilder().setObjectId(id).build()));
        List<Refusal> refusals = List.of(
                refused(() -> auditor.node()
                        .evaluate(EvaluateRequest.newBuilder().setObjectId(id).build())),
                refused(() -> auditor.node().signal(signal(id, "approved", Map.of()))),
                refused(() -> auditor.node()
                        .cancel(CancelRequest.newBuilder().setObjectId(id).build())));

        assertThat(got.getObject()).isEqualTo(parked);
        assertThat(watched.getDecoded().getSeq()).isZero();
        assertThat(refusals)
                .extracting(r -> r.metadata().get("request"))
                .containsExactly("EVALUATE", "SIGNAL", "CANCEL");
        assertThat(refusals).allSatisfy(r -> assertThat(r.metadata()).containsEntry("caller", "auditor@" + REGULATOR));
        assertThat(owner.get(id).getObject().toByteString()).isEqualTo(parked.toByteString());
    }

    @Test
    void signalEntry_namesTheCallerAsItsTlsSessionProvedIt_notAsThePayloadClaims() {
        String id = id(park(awaitingSignal(step("s1", "work"), "approved")));

        SignalResponse woke = owner.node()
                .signal(signal(id, "approved", Map.of("sender", "ceo@" + INSURER, "from_domain", REGULATOR)));

        assertThat(woke.getWoke()).isTrue();
        Entry reenter = entries(woke.getObject()).stream()
                .filter(e -> e.getAction() == Action.ACTION_REENTER)
                .findFirst()
                .orElseThrow();
        assertThat(reenter.getSignals(0).getSender()).isEqualTo(ownerRef());
        assertThat(reenter.getSignals(0).getFromDomain()).isEqualTo(INSURER);
        assertThat(reenter.getReenter().getSignal().getSender()).isEqualTo(ownerRef());
        new Verifier(VerifierSettings.strict(mesh.trustBundle())).verify(woke.getObject());
    }

    @Test
    void cancelEntry_namesTheCallerAsItsTlsSessionProvedIt_andKeepsTheReasonAsText() {
        String id = id(park(awaitingSignal(step("s1", "work"), "approved")));

        CancelResponse cancelled = owner.node()
                .cancel(CancelRequest.newBuilder()
                        .setObjectId(id)
                        .setReason("on behalf of ceo@" + INSURER)
                        .build());

        Entry terminate = entries(cancelled.getObject()).getLast();
        assertThat(terminate.getTerminate().getStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_CANCELLED);
        assertThat(terminate.getTerminate().getRequestedBy()).isEqualTo(ownerRef());
        assertThat(terminate.getTerminate().getReason()).isEqualTo("cancelled: on behalf of ceo@" + INSURER);
        assertThat(owner.get(id).getObject()).isEqualTo(cancelled.getObject());
        new Verifier(VerifierSettings.strict(mesh.trustBundle())).verify(cancelled.getObject());
    }

    @Test
    void signal_fromADomainThePendingConditionNames_isTaken_thoughThatDomainMayNotRead() {
        Step awaitsBureau = step("s1", "work").toBuilder()
                .setAwaitCondition(
                        ReentryCondition.newBuilder().setSignal("scored").addSignalFromDomains(BUREAU))
                .build();
        String id = id(park(awaitsBureau));

        refused(() -> bureau.node().signal(signal(id, "approved", Map.of())));
        SignalResponse woke = bureau.node().signal(signal(id, "scored", Map.of("score", 712)));

        assertThat(woke.getWoke()).isTrue();
        assertThat(woke.getStatus().getTerminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
        Entry reenter = entries(woke.getObject()).stream()
                .filter(e -> e.getAction() == Action.ACTION_REENTER)
                .findFirst()
                .orElseThrow();
        assertThat(reenter.getReenter().getSignal().getSender())
                .isEqualTo(CallerRef.newBuilder()
                        .setTrustDomain(BUREAU)
                        .setName("client." + BUREAU)
                        .setSubject("CN=client." + BUREAU + ",O=" + BUREAU)
                        .build());
        refused(() -> bureau.get(id));
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private static ExecutableObject park(Step step) {
        SubmitResponse r = owner.node()
                .submit(SubmitRequest.newBuilder()
                        .setObject(object(INSURER, step))
                        .build());
        assertThat(r.getStatus().getLifecycle()).isEqualTo(Lifecycle.LIFECYCLE_DORMANT);
        return r.getObject();
    }

    private static Refusal refused(ThrowingCallable call) {
        return assertRefused(call, Status.Code.PERMISSION_DENIED, DENIED);
    }

    private static WatchResponse firstOf(Iterator<WatchResponse> stream) {
        return stream.next();
    }

    private static CallerRef ownerRef() {
        return CallerRef.newBuilder()
                .setTrustDomain(INSURER)
                .setName("client." + INSURER)
                .setSubject("CN=client." + INSURER + ",O=" + INSURER)
                .build();
    }

    private static SignalRequest signal(String objectId, String name, Map<String, ?> payload) {
        return SignalRequest.newBuilder()
                .setObjectId(objectId)
                .setName(name)
                .setPayload(Values.toStruct(payload))
                .build();
    }
}
