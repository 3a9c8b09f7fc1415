package io.mre.node.runtime;

import static io.mre.node.runtime.CustodyMesh.A1;
import static io.mre.node.runtime.CustodyMesh.A1_PEER;
import static io.mre.node.runtime.CustodyMesh.ALPHA;
import static io.mre.node.runtime.CustodyMesh.B1;
import static io.mre.node.runtime.CustodyMesh.B1_PEER;
import static io.mre.node.runtime.CustodyMesh.B2;
import static io.mre.node.runtime.CustodyMesh.B2_PEER;
import static io.mre.node.runtime.CustodyMesh.BETA;
import static io.mre.node.runtime.CustodyMesh.actions;
import static io.mre.node.runtime.CustodyMesh.entries;
import static io.mre.node.runtime.CustodyMesh.id;
import static io.mre.node.runtime.CustodyMesh.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mre.engine.Engine;
import io.mre.engine.MreException;
import io.mre.engine.Visit;
import io.mre.engine.VisitInput;
import io.mre.engine.time.Timestamps;
import io.mre.errors.ErrorCode;
import io.mre.node.store.RocksDbParkedObjectStore;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.DelegateResponse;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Lifecycle;
import io.mre.proto.v1.NodeRef;
import io.mre.proto.v1.ReentryCondition;
import io.mre.spi.PeerView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The custody protocol on one node at a time, with fake transfers (no sockets, no threads: an accepted object's
 * visit is captured and run by the test): forks, duplicate deliveries, retries after the object moved on, wrong
 * custodians, custody returned, re-decision after a refused hand-off. Each test also checks what was (not) parked.
 */
class CustodyProtocolTest {
    private static final CustodyTransfer NO_TRANSFER = (peer, object, relay, timeout) -> {
        throw new AssertionError("no hand-off expected, got one to " + peer.nodeId());
    };

    @TempDir
    Path dir;

    private CustodyMesh mesh;
    private Engine alpha;
    private final List<Runnable> visits = new ArrayList<>();

    @BeforeEach
    void setUp() {
        mesh = new CustodyMesh(dir);
        alpha = mesh.engine(A1, "op.a", B1_PEER);
    }

    @AfterEach
    void tearDown() throws Exception {
        mesh.close();
    }

    @Test
    void accept_historyThatForksFromTheHeadSeenHere_isRefusedAndNothingIsParked() {
        RocksDbParkedObjectStore store = mesh.store("b1");
        NodeRuntime b1 = mesh.runtime(mesh.engine(B1, "op.b", A1_PEER), store, NO_TRANSFER);
        ExecutableObject object = awaitingSignal();
        ExecutableObject first = delegatedByAlpha(object);
        b1.accept(first, false, Optional.of(ALPHA), visits::add);
        byte[] parked = store.get(id(object)).orElseThrow();
        mesh.now.updateAndGet(t -> t.plusSeconds(1));
        ExecutableObject fork = delegatedByAlpha(object); // the same object run again: a history without first's head

        MreException refused =
                catchThrowableOfType(MreException.class, () -> b1.accept(fork, false, Optional.of(ALPHA), visits::add));

        assertThat(refused.code()).isEqualTo(ErrorCode.FORK_DETECTED);
        assertThat(refused.getMessage()).startsWith("object " + id(object) + " has a history that diverges");
        assertThat(store.get(id(object)))
                .as("parked bytes unchanged")
                .hasValueSatisfying(b -> assertThat(b).isEqualTo(parked));
        assertThat(visits).as("no visit of the fork").hasSize(1);
    }

    @Test
    void accept_sameHeadDeliveredTwice_isAcknowledgedAsDuplicateAndVisitedOnce() {
        RocksDbParkedObjectStore store = mesh.store("b1");
        NodeRuntime b1 = mesh.runtime(mesh.engine(B1, "op.b", A1_PEER), store, NO_TRANSFER);
        ExecutableObject first = delegatedByAlpha(awaitingSignal());

        DelegateResponse ack = b1.accept(first, false, Optional.of(ALPHA), visits::add);
        long batches = store.batchesWritten();
        DelegateResponse again = b1.accept(first, false, Optional.of(ALPHA), visits::add);

        assertThat(ack.getDuplicate()).isFalse();
        assertThat(again.getDuplicate()).isTrue();
        assertThat(again.getAcceptedHead()).isEqualTo(ack.getAcceptedHead());
        assertThat(again.getReceiver().getNodeId()).isEqualTo("b1");
        assertThat(visits).as("one visit for one custody").hasSize(1);
        assertThat(store.batchesWritten())
                .as("nothing written for the duplicate")
                .isEqualTo(batches);
    }

    @Test
    void accept_headAcceptedBeforeTheObjectMovedOnHere_isADuplicateNotAFork() {
        RocksDbParkedObjectStore store = mesh.store("b1");
        NodeRuntime b1 = mesh.runtime(mesh.engine(B1, "op.b", A1_PEER), store, NO_TRANSFER);
        ExecutableObject object = awaitingSignal();
        ExecutableObject first = delegatedByAlpha(object);
        b1.accept(first, false, Optional.of(ALPHA), visits::add);
        visits.getFirst().run(); // b1 runs s2 and parks the object dormant on s3's signal: its head moved on
        ExecutableObject moved = b1.get(id(object), Admission.ANYONE).object();

        DelegateResponse again = b1.accept(first, false, Optional.of(ALPHA), visits::add);

        assertThat(actions(moved))
                .containsExactly(
                        Action.ACTION_EXECUTE, Action.ACTION_DELEGATE, Action.ACTION_EXECUTE, Action.ACTION_DORMANT);
        assertThat(again.getDuplicate()).isTrue();
        assertThat(b1.get(id(object), Admission.ANYONE).object())
                .as("nothing rolled back")
                .isEqualTo(moved);
        assertThat(visits).hasSize(1);
    }

    @Test
    void accept_headWithinTheParkedHistoryButNotRecordedAsAccepted_isADuplicateNotAFork() {
        RocksDbParkedObjectStore store = mesh.store("b1");
        Engine beta = mesh.engine(B1, "op.b", A1_PEER);
        NodeRuntime b1 = mesh.runtime(beta, store, NO_TRANSFER);
        ExecutableObject first = delegatedByAlpha(awaitingSignal());
        // parked by a node that recorded no accepted heads (a data folder from before they were kept)
        Visit moved = beta.run(beta.verify(first), VisitInput.NONE);
        new ParkedObjects(store, beta).park(moved.object(), moved.state());

        DelegateResponse again = b1.accept(first, false, Optional.of(ALPHA), visits::add);

        assertThat(store.wasAccepted(id(first), alpha.verify(first).headHash().toByteArray()))
                .isFalse();
        assertThat(again.getDuplicate())
                .as("found in the parked history by its chained hash")
                .isTrue();
        assertThat(b1.get(id(first), Admission.ANYONE).object())
                .isEqualTo(moved.object().object());
        assertThat(visits).isEmpty();
    }

    @Test
    void accept_headAcceptedAndSinceHandedOn_isStillADuplicateOnceTheCopyIsGone() {
        RocksDbParkedObjectStore store = mesh.store("b1");
        List<PeerView> handedTo = new ArrayList<>();
        NodeRuntime b1 = mesh.runtime(mesh.engine(B1, "op.b", A1_PEER), store, (peer, object, relay, timeout) -> {
            handedTo.add(peer);
            return ack(peer);
        });
        ExecutableObject object = mesh.object(step("s1", "op.a"), step("s2", "op.b"), step("s3", "op.a"));
        ExecutableObject first = delegatedByAlpha(object);
        b1.accept(first, false, Optional.of(ALPHA), visits::add);
        visits.getFirst().run(); // b1 runs s2 and hands the object back to a1, which takes it

        DelegateResponse again = b1.accept(first, false, Optional.of(ALPHA), visits::add);

        assertThat(handedTo).extracting(PeerView::nodeId).containsExactly("a1");
        assertThat(store.get(id(object)))
                .as("the copy was dropped on the hand-off")
                .isEmpty();
        assertThat(again.getDuplicate()).isTrue();
        assertThat(store.get(id(object)))
                .as("and not parked again by the retry")
                .isEmpty();
        assertThat(visits).hasSize(1);
    }

    @Test
    void accept_objectDelegatedToAnotherNode_isWrongCustodianAndParksNothing() {
        RocksDbParkedObjectStore store = mesh.store("b2");
        NodeRuntime b2 = mesh.runtime(mesh.engine(B2, "op.b", A1_PEER), store, NO_TRANSFER);
        ExecutableObject first = delegatedByAlpha(awaitingSignal()); // delegated to b1

        MreException refused = catchThrowableOfType(
                MreException.class, () -> b2.accept(first, false, Optional.of(ALPHA), visits::add));

        assertThat(refused.code()).isEqualTo(ErrorCode.WRONG_CUSTODIAN);
        assertThat(refused.getMessage()).isEqualTo("object " + id(first) + " is not delegated to b2@" + BETA);
        assertThat(store.count()).isZero();
        assertThat(store.head(id(first))).isEmpty();
        assertThat(visits).isEmpty();
    }

    @Test
    void accept_fromAPeerOfAnotherDomainThanTheDelegator_isUntrustedAndParksNothing() {
        RocksDbParkedObjectStore store = mesh.store("b1");
        NodeRuntime b1 = mesh.runtime(mesh.engine(B1, "op.b", A1_PEER), store, NO_TRANSFER);
        ExecutableObject first = delegatedByAlpha(awaitingSignal());

        MreException refused = catchThrowableOfType(
                MreException.class, () -> b1.accept(first, false, Optional.of("gamma.example"), visits::add));

        assertThat(refused.code()).isEqualTo(ErrorCode.UNTRUSTED_PEER);
        assertThat(refused.getMessage())
                .isEqualTo("peer of domain gamma.example delivers an object delegated by " + "domain " + ALPHA);
        assertThat(store.count()).isZero();
        assertThat(visits).isEmpty();
    }

    @Test
    void submit_objectInAnotherNodesCustody_isWrongCustodianAndParksNothing() {
        RocksDbParkedObjectStore store = mesh.store("b2");
        NodeRuntime b2 = mesh.runtime(mesh.engine(B2, "op.b", A1_PEER), store, NO_TRANSFER);
        ExecutableObject first = delegatedByAlpha(awaitingSignal()); // in b1's custody

        MreException refused = catchThrowableOfType(MreException.class, () -> b2.submit(first, Admission.ANYONE));

        assertThat(refused.code()).isEqualTo(ErrorCode.WRONG_CUSTODIAN);
        assertThat(refused.getMessage()).isEqualTo("object " + id(first) + " is in the custody of b1@" + BETA);
        assertThat(store.count()).isZero();
    }

    @Test
    void settle_custodyReturnedWithTheObject_parksItAgainAndArmsItsTimer() {
        Engine beta = mesh.engine(B1, "op.b", A1_PEER);
        RocksDbParkedObjectStore store = mesh.store("a1");
        List<ExecutableObject> returned = new ArrayList<>();
        NodeRuntime a1 = mesh.runtime(alpha, store, (peer, object, relay, timeout) -> {
            // a stateless b1: it runs the object (dormant on its hour-long await) and hands custody back
            assertThat(relay)
                    .as("a memory-aware node's hand-off is not a relay")
                    .isFalse();
            Visit visit = beta.run(beta.verify(object), VisitInput.NONE);
            returned.add(visit.object().object());
            return ack(peer).toBuilder()
                    .setResult(visit.object().object())
                    .setStatus(ObjectStatuses.of(visit.object().objectId(), visit.state()))
                    .setCustodyReturned(true)
                    .build();
        });
        ExecutableObject object = mesh.object(
                step("s1", "op.a"),
                step("s2", "op.b"),
                step("s3", "op.b").toBuilder()
                        .setAwaitCondition(
                                ReentryCondition.newBuilder().setAfter(Timestamps.toProto(Duration.ofHours(1))))
                        .build());

        NodeRuntime.Result result = a1.submit(object, Admission.ANYONE);

        assertThat(result.custodyWithCaller()).as("a1 holds it again").isFalse();
        assertThat(result.object()).isEqualTo(returned.getFirst());
        NodeRuntime.Result parked = a1.get(id(object), Admission.ANYONE);
        assertThat(parked.object()).isEqualTo(returned.getFirst());
        assertThat(parked.status().getLifecycle()).isEqualTo(Lifecycle.LIFECYCLE_DORMANT);
        assertThat(a1.armedTimers()).as("its hour-long await is armed here").isEqualTo(1);
    }

    @Test
    void settle_peerThatRefusesCustody_reDecidesWithAnotherCapablePeerAndKeepsNoCopy() {
        RocksDbParkedObjectStore store = mesh.store("a1");
        List<String> asked = new ArrayList<>();
        NodeRuntime a1 = a1WithTwoPeers(store, asked, (peer, object, relay, timeout) -> {
            if (asked.size() == 1) {
                throw new MreException(ErrorCode.PEER_UNAVAILABLE, "peer " + peer.nodeId() + " is down");
            }
            return ack(peer);
        });
        ExecutableObject object = mesh.object(step("s1", "op.a"), step("s2", "op.b"));

        NodeRuntime.Result result = a1.submit(object, Admission.ANYONE);

        assertThat(asked).hasSize(2).doesNotHaveDuplicates();
        List<Entry> history = entries(result.object());
        assertThat(history)
                .extracting(Entry::getAction)
                .containsExactly(Action.ACTION_EXECUTE, Action.ACTION_DELEGATE, Action.ACTION_DELEGATE);
        assertThat(history.getLast().getDelegate().getTarget().getNodeId()).isEqualTo(asked.get(1));
        assertThat(store.get(id(object))).as("the peer took it: no copy here").isEmpty();
        assertThat(a1.armedTimers()).isZero();
    }

    @Test
    void signal_onAnObjectWhoseHandOffIsUnacknowledged_isRefusedAndAppendsNothing() {
        RocksDbParkedObjectStore store = mesh.store("a1");
        ParkedObjects parked = new ParkedObjects(store, alpha);
        NodeRuntime a1 = mesh.runtime(alpha, store, NO_TRANSFER);
        // a1 crashed after persisting its DELEGATE and before the peer answered: the object is in transit
        Visit inTransit = alpha.run(alpha.verify(awaitingSignal()), VisitInput.NONE);
        parked.park(inTransit.object(), inTransit.state());
        byte[] before = store.get(inTransit.object().objectId()).orElseThrow();

        MreException refused = catchThrowableOfType(
                MreException.class,
                () -> a1.signal(
                        inTransit.object().objectId(),
                        "go",
                        com.google.protobuf.Struct.getDefaultInstance(),
                        io.mre.proto.v1.CallerRef.newBuilder().setLocal(true).build(),
                        Admission.ANYONE));

        assertThat(refused.code()).isEqualTo(ErrorCode.WRONG_CUSTODIAN);
        assertThat(refused.getMessage()).endsWith(" is being handed to b1@" + BETA + "; send it there");
        assertThat(store.get(inTransit.object().objectId()))
                .hasValueSatisfying(b -> assertThat(b).isEqualTo(before));
    }

    @Test
    void byId_parkedCopyThatNoLongerVerifies_callerNotEntitledLearnsNothingOfIt() {
        RocksDbParkedObjectStore store = mesh.store("a1");
        ParkedObjects parked = new ParkedObjects(store, alpha);
        NodeRuntime a1 = mesh.runtime(alpha, store, NO_TRANSFER);
        Visit visited = alpha.run(alpha.verify(awaitingSignal()), VisitInput.NONE);
        parked.park(visited.object(), visited.state());
        String id = visited.object().objectId();
        // the parked copy stops verifying (as after a trust change): its intent differs from the header's digest
        ExecutableObject altered = visited.object().object().toBuilder()
                .setIntent(visited.object().object().getIntent().toBuilder().setName("altered"))
                .build();
        store.put(id, altered.toByteArray(), store.head(id).orElseThrow()).join();
        byte[] before = store.get(id).orElseThrow();
        Admission refuses = (object, state) -> {
            throw new MreException(ErrorCode.CALLER_NOT_AUTHORIZED, "caller stranger@elsewhere may not have " + id);
        };
        io.mre.proto.v1.CallerRef caller =
                io.mre.proto.v1.CallerRef.newBuilder().setLocal(true).build();

        List<MreException> refusals = List.of(
                catchThrowableOfType(
                        MreException.class,
                        () -> a1.signal(id, "go", com.google.protobuf.Struct.getDefaultInstance(), caller, refuses)),
                catchThrowableOfType(
                        MreException.class, () -> a1.cancel(Optional.of(id), Optional.empty(), "no", caller, refuses)),
                catchThrowableOfType(MreException.class, () -> a1.evaluate(id, refuses)));
        MreException entitled = catchThrowableOfType(MreException.class, () -> a1.evaluate(id, Admission.ANYONE));

        assertThat(refusals).extracting(MreException::code).containsOnly(ErrorCode.CALLER_NOT_AUTHORIZED);
        assertThat(entitled.code()).as("an entitled caller hears why").isEqualTo(ErrorCode.INTEGRITY_VIOLATION);
        assertThat(store.get(id)).hasValueSatisfying(b -> assertThat(b).isEqualTo(before));
    }

    @Test
    void accept_forkOfAParkedHistory_refusalSaysHowManyLeadingEntriesAreKnownHere() {
        PeerView b2Relay = new PeerView("b2", BETA, "b2:7443", java.util.Map.of(), java.util.Set.of("op.x"));
        Engine alphaToB2 = mesh.engine(A1, "op.a", b2Relay);
        Engine b2 = mesh.engine(B2, "op.x", B1_PEER);
        RocksDbParkedObjectStore store = mesh.store("b1");
        NodeRuntime b1 = mesh.runtime(mesh.engine(B1, "op.b", A1_PEER), store, NO_TRANSFER);
        ExecutableObject head = alphaToB2
                .run(alphaToB2.verify(relayedObject()), VisitInput.NONE)
                .object()
                .object(); // s1 at a1, DELEGATE to b2: 2 entries
        ExecutableObject firstRun =
                b2.run(b2.verify(head), VisitInput.NONE).object().object();
        b1.accept(firstRun, false, Optional.of(BETA), visits::add);
        byte[] parked = store.get(id(head)).orElseThrow();
        mesh.now.updateAndGet(t -> t.plusSeconds(1));
        ExecutableObject secondRun =
                b2.run(b2.verify(head), VisitInput.NONE).object().object(); // b2 ran it again

        MreException refused = catchThrowableOfType(
                MreException.class, () -> b1.accept(secondRun, false, Optional.of(BETA), visits::add));

        assertThat(refused.code()).isEqualTo(ErrorCode.FORK_DETECTED);
        assertThat(refused.metadata())
                .as("a1's two entries are in b1's copy, b2's second run is not")
                .containsEntry(CustodyRules.KNOWN_ENTRIES, "2");
        assertThat(store.get(id(head))).hasValueSatisfying(b -> assertThat(b).isEqualTo(parked));
        assertThat(visits).hasSize(1);
    }

    @Test
    void settle_forkRefusalThatHoldsEverySentEntry_custodyMovedOn_noOtherPeerAskedAndNoCopyKept() {
        RocksDbParkedObjectStore store = mesh.store("a1");
        List<String> asked = new ArrayList<>();
        NodeRuntime a1 = a1WithTwoPeers(store, asked, (peer, object, relay, timeout) -> {
            throw forkRefusal(object.getMemory().getEntriesCount());
        });
        ExecutableObject object = mesh.object(step("s1", "op.a"), step("s2", "op.b"));

        NodeRuntime.Result result = a1.submit(object, Admission.ANYONE);

        assertThat(asked).as("never routed around a fork").containsExactly("b1");
        assertThat(actions(result.object())).containsExactly(Action.ACTION_EXECUTE, Action.ACTION_DELEGATE);
        assertThat(result.custodyWithCaller()).isFalse();
        assertThat(store.get(id(object)))
                .as("dropped as after an acknowledgement")
                .isEmpty();
        assertThat(a1.armedTimers()).isZero();
    }

    @Test
    void settle_forkRefusalOfAnotherHistory_keepsTheDelegateHeadAndHandsItToNoOtherPeer() {
        RocksDbParkedObjectStore store = mesh.store("a1");
        List<String> asked = new ArrayList<>();
        NodeRuntime a1 = a1WithTwoPeers(store, asked, (peer, object, relay, timeout) -> {
            throw forkRefusal(object.getMemory().getEntriesCount() - 1); // the peer lacks a1's DELEGATE entry
        });
        ExecutableObject object = mesh.object(step("s1", "op.a"), step("s2", "op.b"));

        NodeRuntime.Result result = a1.submit(object, Admission.ANYONE);

        assertThat(asked).as("never routed around a fork").containsExactly("b1");
        ExecutableObject kept = a1.get(id(object), Admission.ANYONE).object();
        assertThat(kept).as("the DELEGATE head stays here").isEqualTo(result.object());
        assertThat(entries(kept))
                .extracting(Entry::getAction)
                .containsExactly(Action.ACTION_EXECUTE, Action.ACTION_DELEGATE);
        assertThat(entries(kept).getLast().getDelegate().getTarget().getNodeId())
                .isEqualTo("b1");
        assertThat(a1.armedTimers()).as("not re-sent on a timer").isZero();
    }

    @Test
    void relay_sameHeadDeliveredAgainToAStatelessNode_getsTheFirstAnswerWithoutASecondRun() {
        List<ExecutableObject> delivered = new ArrayList<>();
        NodeRuntime b2 = statelessRelay((peer, object, relay, timeout) -> {
            delivered.add(object);
            return ack(peer).toBuilder().setResult(object).build();
        });
        ExecutableObject head = delegatedToRelay();

        DelegateResponse first = b2.accept(head, true, Optional.of(ALPHA), visits::add);
        mesh.now.updateAndGet(t -> t.plusSeconds(1)); // a second run would sign other entries
        DelegateResponse again = b2.accept(head, true, Optional.of(ALPHA), visits::add);

        assertThat(delivered).as("one journey onward").hasSize(1);
        assertThat(again).isEqualTo(first);
        assertThat(actions(first.getResult()))
                .containsExactly(
                        Action.ACTION_EXECUTE, Action.ACTION_DELEGATE, Action.ACTION_EXECUTE, Action.ACTION_DELEGATE);
    }

    @Test
    void relay_handOffOnwardThatMayHaveArrived_isNotReDecided_andTheRedeliverySendsTheSameHeadToTheSamePeer() {
        List<String> asked = new ArrayList<>();
        List<ExecutableObject> sent = new ArrayList<>();
        NodeRuntime b2 = statelessRelay(
                (peer, object, relay, timeout) -> {
                    asked.add(peer.nodeId());
                    sent.add(object);
                    if (asked.size() == 1) {
                        throw new MreException(
                                ErrorCode.PEER_UNAVAILABLE,
                                "peer " + peer.nodeId() + " did not answer",
                                java.util.Map.of(CustodyTransfer.MAYBE_DELIVERED, "true"));
                    }
                    return ack(peer).toBuilder().setDuplicate(true).build();
                },
                B1_PEER,
                new PeerView("b3", BETA, "b3:7443", java.util.Map.of(), java.util.Set.of("op.b")));
        ExecutableObject head = delegatedToRelay();

        MreException first =
                catchThrowableOfType(MreException.class, () -> b2.accept(head, true, Optional.of(ALPHA), visits::add));
        mesh.now.updateAndGet(t -> t.plusSeconds(1));
        DelegateResponse again = b2.accept(head, true, Optional.of(ALPHA), visits::add);

        assertThat(first.code()).isEqualTo(ErrorCode.PEER_UNAVAILABLE);
        assertThat(first.metadata()).containsEntry(CustodyTransfer.MAYBE_DELIVERED, "true");
        assertThat(asked).as("the same peer, never another").containsExactly("b1", "b1");
        assertThat(sent.get(1)).as("the very same DELEGATE head").isEqualTo(sent.get(0));
        assertThat(again.getResult()).isEqualTo(sent.get(0));
    }

    @Test
    void relay_forkRefusalOnward_isReturnedToTheCallerWithItsMetadata_notRoutedAround() {
        List<String> asked = new ArrayList<>();
        NodeRuntime b2 = statelessRelay(
                (peer, object, relay, timeout) -> {
                    asked.add(peer.nodeId());
                    throw forkRefusal(2);
                },
                B1_PEER,
                new PeerView("b3", BETA, "b3:7443", java.util.Map.of(), java.util.Set.of("op.b")));
        ExecutableObject head = delegatedToRelay();

        MreException refused =
                catchThrowableOfType(MreException.class, () -> b2.accept(head, true, Optional.of(ALPHA), visits::add));

        assertThat(refused.code()).isEqualTo(ErrorCode.FORK_DETECTED);
        assertThat(refused.metadata()).containsEntry(CustodyRules.KNOWN_ENTRIES, "2");
        assertThat(asked).containsExactly("b1");
    }

    // ---- fixtures

    /** s1 at alpha, s2 ("op.x") at the relay b2, s3 at beta. */
    private ExecutableObject relayedObject() {
        return mesh.object(step("s1", "op.a"), step("s2", "op.x"), step("s3", "op.b"));
    }

    /** {@link #relayedObject()} after a1's visit: s1 executed, then delegated to b2. */
    private ExecutableObject delegatedToRelay() {
        Engine alphaToB2 = mesh.engine(
                A1, "op.a", new PeerView("b2", BETA, "b2:7443", java.util.Map.of(), java.util.Set.of("op.x")));
        return alphaToB2
                .run(alphaToB2.verify(relayedObject()), VisitInput.NONE)
                .object()
                .object();
    }

    /** A stateless b2 running "op.x" whose peers are {@code peers} (b1 by default). */
    private NodeRuntime statelessRelay(CustodyTransfer transfer, PeerView... peers) {
        PeerView[] onward = peers.length == 0 ? new PeerView[] {B1_PEER} : peers;
        NodeRuntime runtime = new NodeRuntime(
                mesh.engine(B2, "op.x", onward),
                mesh.store("b2"),
                false,
                transfer,
                Duration.ofSeconds(5),
                8,
                mesh.clock);
        mesh.closeAtEnd(runtime::close);
        return runtime;
    }

    /**
     * a1 on {@code store}, with b1 and b2 both able to run op.b; each peer a transfer goes to is added to
     * {@code asked} before {@code answer} answers for it.
     */
    private NodeRuntime a1WithTwoPeers(RocksDbParkedObjectStore store, List<String> asked, CustodyTransfer answer) {
        Engine alphaWithTwoPeers = mesh.engine(A1, "op.a", B1_PEER, B2_PEER);
        return mesh.runtime(alphaWithTwoPeers, store, (peer, object, relay, timeout) -> {
            asked.add(peer.nodeId());
            return answer.transfer(peer, object, relay, timeout);
        });
    }

    private static MreException forkRefusal(int knownEntries) {
        return new MreException(
                ErrorCode.FORK_DETECTED,
                "peer refused custody: a history that diverges",
                java.util.Map.of("object_id", "x", CustodyRules.KNOWN_ENTRIES, Integer.toString(knownEntries)));
    }

    // ---- fixtures

    /** s1 at alpha, s2 at beta, then s3 at beta waiting for the signal "go". */
    private ExecutableObject awaitingSignal() {
        return mesh.object(
                step("s1", "op.a"),
                step("s2", "op.b"),
                step("s3", "op.b").toBuilder()
                        .setAwaitCondition(ReentryCondition.newBuilder().setSignal("go"))
                        .build());
    }

    /** The object after a1's visit: s1 executed, then delegated to b1. */
    private ExecutableObject delegatedByAlpha(ExecutableObject object) {
        Visit visit = alpha.run(alpha.verify(object), VisitInput.NONE);
        assertThat(visit.exit()).isEqualTo(Visit.Exit.DELEGATED);
        return visit.object().object();
    }

    private static DelegateResponse ack(PeerView peer) {
        return DelegateResponse.newBuilder()
                .setReceiver(NodeRef.newBuilder().setNodeId(peer.nodeId()).setTrustDomain(peer.trustDomain()))
                .build();
    }
}
