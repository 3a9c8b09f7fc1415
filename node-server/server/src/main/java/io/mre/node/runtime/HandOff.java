package io.mre.node.runtime;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import io.mre.engine.Engine;
import io.mre.engine.MreException;
import io.mre.engine.Visit;
import io.mre.engine.VisitInput;
import io.mre.errors.ErrorCode;
import io.mre.proto.v1.DelegateResponse;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.NodeRef;
import io.mre.spi.PeerView;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows a visit: an object that stays is kept (as the custody mode keeps things) and published; one
 * delegated is sent to its peer, and when the peer does not take it, the node re-decides without that peer —
 * another capable peer, or dormant with a retry — until the object stays or a peer takes it. Called under the
 * object's lock.
 */
public final class HandOff {
    private static final Logger LOG = LoggerFactory.getLogger(HandOff.class);

    private final Engine engine;
    private final CustodyTransfer transfer;
    private final CustodyMode mode;
    private final Publisher publisher;
    private final VisitGate gate;
    private final RuntimeEvents events;
    private final Duration timeout;

    public HandOff(
            Engine engine,
            CustodyTransfer transfer,
            CustodyMode mode,
            Publisher publisher,
            VisitGate gate,
            RuntimeEvents events,
            RuntimeSettings settings) {
        this.engine = requireNonNull(engine, "engine is null");
        this.transfer = requireNonNull(transfer, "transfer is null");
        this.mode = requireNonNull(mode, "mode is null");
        this.publisher = requireNonNull(publisher, "publisher is null");
        this.gate = requireNonNull(gate, "gate is null");
        this.events = requireNonNull(events, "events is null");
        this.timeout = settings.handoffTimeout();
    }

    /**
     * A hand-off by a node that keeps nothing (a relay) whose peer may have taken the object although the call
     * failed: only the same DELEGATE head to the same peer may follow, never a run again or another peer.
     */
    public record Unsettled(Visit visit, PeerView peer) {
        public Unsettled {
            requireNonNull(visit, "visit is null");
            requireNonNull(peer, "peer is null");
        }
    }

    /** Settles {@code visit}; {@code relay} when the caller waits for the end of the whole journey. */
    public NodeRuntime.Result settle(Visit visit, boolean relay) {
        return settle(visit, relay, u -> {});
    }

    /**
     * As {@link #settle(Visit, boolean)}; a node that keeps nothing reports to {@code unsettled} a hand-off its peer
     * may have taken before it fails with PEER_UNAVAILABLE.
     */
    public NodeRuntime.Result settle(Visit visit, boolean relay, Consumer<Unsettled> unsettled) {
        return settle(visit, relay, unsettled, false);
    }

    /** Delivers an unsettled hand-off again: the same head to the same peer, then as {@link #settle}. */
    public NodeRuntime.Result resend(Unsettled earlier, Consumer<Unsettled> unsettled) {
        return settle(earlier.visit(), true, unsettled, true);
    }

    private NodeRuntime.Result settle(Visit visit, boolean relay, Consumer<Unsettled> unsettled, boolean resending) {
        Set<String> unavailable = new HashSet<>();
        boolean again = resending;
        while (true) {
            if (!again) {
                // Watchers hear of entries once they are durable: one told the object terminated may Get it at once.
                events.visited(visit);
            }
            if (visit.exit() != Visit.Exit.DELEGATED) {
                mode.stayed(visit);
                publisher.appended(visit);
                return new NodeRuntime.Result(
                        visit.object().object(),
                        ObjectStatuses.of(visit.object().objectId(), visit.state()),
                        mode.custodyWithCaller());
            }
            PeerView peer = visit.delegateTo().orElseThrow();
            // A DELEGATE head already kept is a hand-off started before (a wake-up re-delivering it): an earlier
            // attempt may have reached the peer, whatever this attempt's failure says.
            boolean redelivery = again
                    || mode.keepsHead(visit.object().objectId(), visit.object().headHash());
            if (!again) {
                // Persist the DELEGATE entry before sending: after a crash the node retries the same head (idempotent
                // at the receiver) instead of running the object again (which would fork it).
                mode.leaving(visit);
                publisher.appended(visit);
            }
            again = false;
            long started = System.nanoTime();
            try {
                return send(visit, peer, relay, started);
            } catch (MreException e) {
                events.handedOff(Duration.ofNanos(System.nanoTime() - started), false);
                if (e.code() == ErrorCode.FORK_DETECTED) {
                    return forkMet(visit, peer, e);
                }
                if (e.code() == ErrorCode.PEER_UNAVAILABLE
                        && (redelivery || "true".equals(e.metadata().get(CustodyTransfer.MAYBE_DELIVERED)))) {
                    // The peer may hold custody now (a call timed out or broke after connecting): giving the object
                    // to another peer could make two custodians. The same head goes to the same peer again later,
                    // which acknowledges it as a duplicate if it took it.
                    LOG.warn(
                            "object {}: peer {}@{} may have taken custody ({}); delivering the same head again",
                            visit.object().objectId(),
                            peer.nodeId(),
                            peer.trustDomain(),
                            e.getMessage());
                    if (mode.redeliverLater(visit.object().objectId(), timeout)) {
                        return new NodeRuntime.Result(
                                visit.object().object(),
                                ObjectStatuses.of(visit.object().objectId(), visit.state()),
                                false);
                    }
                    // This node keeps nothing to try later: its caller, who holds the object, hears that the
                    // hand-off may have happened and delivers again; this node then re-sends this same head.
                    unsettled.accept(new Unsettled(visit, peer));
                    throw e.with(CustodyTransfer.MAYBE_DELIVERED, "true");
                }
                // Unreachable, or refused for good (its policy, a limit): either way this peer did not take the
                // object. Re-decide without it rather than leave the object stranded here behind a DELEGATE nobody
                // accepted.
                LOG.warn(
                        "object {}: peer {}@{} {} ({}); re-deciding without it",
                        visit.object().objectId(),
                        peer.nodeId(),
                        peer.trustDomain(),
                        e.code() == ErrorCode.PEER_UNAVAILABLE ? "is unavailable" : "refused custody",
                        e.getMessage());
                unavailable.add(peer.nodeId());
                visit = engine.run(visit.object(), VisitInput.redecide(unavailable));
            }
        }
    }

    /**
     * The peer holds another history of this object (FORK_DETECTED). Never routed around: another peer would make a
     * second custody. When the peer's history holds every entry sent from here, an earlier delivery of this very
     * head was taken and continued (its answer was lost): custody moved on, and the copy here goes as after an
     * acknowledgement. Otherwise two histories exist: this node keeps its DELEGATE head and hands it to no one (a
     * node that keeps nothing returns the refusal to its caller, which applies this same rule), and logs the fork
     * for an operator.
     */
    private NodeRuntime.Result forkMet(Visit visit, PeerView peer, MreException e) {
        String objectId = visit.object().objectId();
        int sent = visit.object().entries().size();
        int known = knownEntries(e);
        if (known >= sent) {
            events.forkMet(true);
            LOG.warn(
                    "object {}: peer {}@{} already holds a history that continues the head sent from here ({} of"
                            + " its {} entries): an earlier delivery was taken; custody moved on",
                    objectId,
                    peer.nodeId(),
                    peer.trustDomain(),
                    known,
                    sent);
            departed(visit, peer);
            return new NodeRuntime.Result(visit.object().object(), ObjectStatuses.of(objectId, visit.state()), false);
        }
        events.forkMet(false);
        LOG.error(
                "object {}: FORK: peer {}@{} holds another history of this object ({} of the {} entries sent from"
                        + " here are in it); not handing it to anyone else{}",
                objectId,
                peer.nodeId(),
                peer.trustDomain(),
                known,
                sent,
                mode.custodyWithCaller() ? "; the caller is told" : "; the DELEGATE head stays here for an operator");
        if (mode.custodyWithCaller()) {
            throw e;
        }
        return new NodeRuntime.Result(visit.object().object(), ObjectStatuses.of(objectId, visit.state()), false);
    }

    private static int knownEntries(MreException e) {
        try {
            return Integer.parseInt(e.metadata().getOrDefault(CustodyRules.KNOWN_ENTRIES, "0"));
        } catch (NumberFormatException x) {
            return 0;
        }
    }

    /** After the peer took {@code visit}'s head: drops the copy here and records where the object went. */
    private void departed(Visit visit, PeerView peer) {
        String objectId = visit.object().objectId();
        ExecutableObject sent = visit.object().object();
        if (mode.left(objectId, visit.object().headHash())) {
            publisher.departed(new Departures.Departure(
                    objectId,
                    NodeRef.newBuilder()
                            .setNodeId(peer.nodeId())
                            .setTrustDomain(peer.trustDomain())
                            .build(),
                    peer.address(),
                    sent.getMemory().getEntriesCount() - 1L,
                    sent.toBuilder().clearMemory().build()));
        }
    }

    private NodeRuntime.Result send(Visit visit, PeerView peer, boolean relay, long started) {
        String objectId = visit.object().objectId();
        ExecutableObject sent = visit.object().object();
        ByteString sentHead = visit.object().headHash();
        // The object's lock is released while the peer works: the journey may come back through this node with the
        // same object (through stateless peers, or a relay), and its return must not wait for us. The DELEGATE head
        // is persisted, so a concurrent wake-up only re-sends the same head (idempotent), and signals or cancels are
        // refused while the object is in transit.
        DelegateResponse ack =
                gate.unlocked(objectId, () -> transfer.transfer(peer, sent, mode.wholeJourney(relay), timeout));
        events.handedOff(Duration.ofNanos(System.nanoTime() - started), true);
        if (ack.hasResult() && ack.getCustodyReturned()) {
            mode.left(objectId, sentHead);
        } else {
            departed(visit, peer);
        }
        LOG.info(
                "object {} handed to {}@{}{}",
                objectId,
                peer.nodeId(),
                peer.trustDomain(),
                ack.getDuplicate() ? " (already accepted)" : "");
        if (!ack.hasResult()) {
            return new NodeRuntime.Result(sent, ObjectStatuses.of(objectId, visit.state()), false);
        }
        return mode.returned(objectId, ack);
    }
}
