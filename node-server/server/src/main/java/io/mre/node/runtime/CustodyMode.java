package io.mre.node.runtime;

import com.google.protobuf.ByteString;
import io.mre.engine.Visit;
import io.mre.engine.verify.VerifiedObject;
import io.mre.proto.v1.DelegateResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * What a node keeps of the objects it holds: a memory-aware node parks them (dormant, in custody, terminated) and
 * wakes them with timers; a stateless node keeps nothing and hands every object back to whoever called.
 */
public sealed interface CustodyMode permits MemoryAwareCustody, StatelessCustody {
    /** Whether the caller holds an object after a visit that ended here (nothing is kept here). */
    boolean custodyWithCaller();

    /**
     * Whether this node's part of a delivery waits for the rest of the journey (a relay, or a node that keeps
     * nothing) instead of acknowledging custody first.
     */
    boolean wholeJourney(boolean relay);

    /** The object parked here, decoded for reading, if any. */
    Optional<ParkedObjects.Parked> find(String objectId);

    /** The object parked here, decoded for reading; OBJECT_NOT_FOUND otherwise. */
    ParkedObjects.Parked read(String objectId);

    /** The object parked here, verified for a visit; OBJECT_NOT_FOUND otherwise. */
    VerifiedObject load(String objectId);

    /**
     * Takes custody of a delivered object before it is acknowledged: the acknowledgement of a duplicate when this
     * is a retried delivery, else nothing once the object is durable here (FORK_DETECTED and nothing kept when its
     * history diverges from the one seen here).
     */
    Optional<DelegateResponse> takeCustody(VerifiedObject verified, DelegateResponse.Builder ack);

    /** Keeps an object whose visit ended here (not delegated) and arms what wakes it. */
    void stayed(Visit visit);

    /** Keeps the DELEGATE head durably before it is sent, so a restart re-sends it instead of forking. */
    void leaving(Visit visit);

    /** Whether {@code head} is the object's head kept here already (a hand-off started before: a re-delivery). */
    boolean keepsHead(String objectId, ByteString head);

    /**
     * A hand-off whose peer may have taken custody although the call failed: whether this mode keeps the DELEGATE
     * head and delivers that same head to the same peer again after {@code delay} (never to another peer, which
     * could make two custodians). A mode that keeps nothing cannot, and the node re-decides instead.
     */
    boolean redeliverLater(String objectId, Duration delay);

    /** After a peer took custody of {@code sentHead}: whether the object is still gone (its copy here dropped). */
    boolean left(String objectId, ByteString sentHead);

    /** The caller's result of a hand-off the peer answered with the object ({@code ack.hasResult()}). */
    NodeRuntime.Result returned(String objectId, DelegateResponse ack);

    /** Re-arms timers and resumes objects in custody after a restart; returns how many objects it found. */
    int recover();

    /** Drops, from now on and periodically, the objects that terminated here more than {@code keep} ago. */
    void keepTerminatedFor(Duration keep);
}
