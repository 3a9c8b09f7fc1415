package io.mre.node.runtime;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import io.mre.engine.MreException;
import io.mre.engine.codec.Digests;
import io.mre.engine.verify.VerifiedObject;
import io.mre.errors.ErrorCode;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.NodeRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may move an object on here, read from its verified history and the heads this node keeps: the custodian it
 * is delegated to, a history that forks from the one seen here, a retried delivery of a head already accepted, an
 * object in transit or terminated. Each rule throws a precise {@link MreException} and changes nothing.
 */
public final class CustodyRules {
    private static final Logger LOG = LoggerFactory.getLogger(CustodyRules.class);

    /**
     * FORK_DETECTED metadata: how many leading entries of the refused history are in the history this node holds
     * (0 when it holds no copy or they share none).
     */
    public static final String KNOWN_ENTRIES = "known_entries";

    private final NodeRef self;
    private final ParkedObjects parked;

    public CustodyRules(NodeRef self, ParkedObjects parked) {
        this.self = requireNonNull(self, "self is null");
        this.parked = requireNonNull(parked, "parked is null");
    }

    /** This node. */
    public NodeRef self() {
        return self;
    }

    /**
     * A delivered object's last entry must delegate it to this node (WRONG_CUSTODIAN), by a node of the calling
     * peer's trust domain when the caller is known (UNTRUSTED_PEER).
     */
    public void requireDelegatedHere(VerifiedObject verified, Optional<String> callerDomain) {
        Optional<Entry> last = last(verified);
        if (last.isEmpty()
                || last.get().getAction() != Action.ACTION_DELEGATE
                || !last.get().getDelegate().getTarget().equals(self)) {
            throw new MreException(
                    ErrorCode.WRONG_CUSTODIAN,
                    "object " + verified.objectId() + " is not delegated to " + self.getNodeId() + "@"
                            + self.getTrustDomain(),
                    Map.of("object_id", verified.objectId()));
        }
        String from = last.get().getNode().getTrustDomain();
        if (callerDomain.isPresent() && !callerDomain.get().equals(from)) {
            throw new MreException(
                    ErrorCode.UNTRUSTED_PEER,
                    "peer of domain " + callerDomain.get() + " delivers an object delegated by domain " + from,
                    Map.of("object_id", verified.objectId()));
        }
    }

    /**
     * Whether this delivery is a retry of a head this node already took custody of: the last head it knows, one it
     * accepted and has since passed on, or, while the object is still parked here, an entry of the history it has
     * since appended to. A sender that did not see the first acknowledgement (it crashed, the answer was lost)
     * delivers the same head again after the receiver moved on: that is a retry, not a fork, and acknowledging it
     * again keeps the object in exactly one custody.
     */
    public boolean alreadyAccepted(VerifiedObject verified) {
        Optional<ByteString> head = parked.head(verified.objectId());
        if (head.isEmpty()) {
            return false;
        }
        return head.get().equals(verified.headHash())
                || parked.wasAccepted(verified.objectId(), verified.headHash())
                || parked.historyContains(verified.objectId(), verified.headHash());
    }

    /** FORK_DETECTED when the incoming history does not contain the head this node last saw of the object. */
    public void refuseFork(VerifiedObject verified) {
        Optional<ByteString> head = parked.head(verified.objectId());
        if (head.isEmpty() || head.get().equals(verified.headHash())) {
            return;
        }
        // The head known here is usually a few entries back (the hand-off that took the object away): look from the
        // end. The verified chain links each entry to the previous one's hash, so those hashes are at hand.
        ByteString known = head.get();
        List<Entry> entries = verified.entries();
        for (int i = entries.size() - 1; i > 0; i--) {
            if (entries.get(i).getPrevHash().equals(known)) {
                return; // the incoming history extends the head this node knows
            }
        }
        String shortHead = Digests.shortHex(known.toByteArray());
        LOG.warn(
                "fork refused: object {} arrives with a history that does not contain the head {} seen here",
                verified.objectId(),
                shortHead);
        // How much of the delivered history this node knows: a sender whose own hand-off is within it learns that
        // its custody moved on (an earlier delivery of its head was continued here), not that it met a fork.
        int knownEntries = parked.knownPrefix(verified.objectId(), entries, verified.headHash());
        throw new MreException(
                ErrorCode.FORK_DETECTED,
                "object " + verified.objectId() + " has a history that "
                        + "diverges from the one this node saw (known head " + shortHead + " is not in it)",
                Map.of("object_id", verified.objectId(), KNOWN_ENTRIES, Integer.toString(knownEntries)));
    }

    /** WRONG_CUSTODIAN when a client submits an object another node was given custody of. */
    public void requireNotDelegatedElsewhere(VerifiedObject verified) {
        Optional<Entry> last = last(verified);
        if (last.isPresent()
                && last.get().getAction() == Action.ACTION_DELEGATE
                && !last.get().getDelegate().getTarget().equals(self)
                && !last.get().getNode().equals(self)) {
            NodeRef to = last.get().getDelegate().getTarget();
            throw new MreException(
                    ErrorCode.WRONG_CUSTODIAN,
                    "object " + verified.objectId() + " is in the custody of " + to.getNodeId() + "@"
                            + to.getTrustDomain(),
                    Map.of("object_id", verified.objectId()));
        }
    }

    /** A parked object whose last entry hands it to a peer is in transit: it must not move on here as well. */
    public void requireNotInTransit(VerifiedObject verified) {
        Optional<Entry> handOff = interruptedHandOff(verified);
        if (handOff.isPresent()) {
            NodeRef to = handOff.get().getDelegate().getTarget();
            throw new MreException(
                    ErrorCode.WRONG_CUSTODIAN,
                    "object " + verified.objectId() + " is being handed to " + to.getNodeId() + "@"
                            + to.getTrustDomain() + "; send it there",
                    Map.of("object_id", verified.objectId()));
        }
    }

    /** ALREADY_TERMINATED when the history ends with a TERMINATE entry. */
    public void requireNotTerminated(VerifiedObject verified) {
        if (last(verified).map(e -> e.getAction() == Action.ACTION_TERMINATE).orElse(false)) {
            throw new MreException(
                    ErrorCode.ALREADY_TERMINATED,
                    "object " + verified.objectId() + " has terminated; nothing more can be appended",
                    Map.of("object_id", verified.objectId()));
        }
    }

    /** The DELEGATE entry by this node that ends the history, if it ends so (a hand-off not yet acknowledged). */
    public Optional<Entry> interruptedHandOff(VerifiedObject verified) {
        return last(verified)
                .filter(e ->
                        e.getAction() == Action.ACTION_DELEGATE && e.getNode().equals(self));
    }

    private static Optional<Entry> last(VerifiedObject verified) {
        List<Entry> entries = verified.entries();
        return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1));
    }
}
