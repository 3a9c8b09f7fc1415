package io.mre.node.runtime;

import com.google.protobuf.ByteString;
import io.mre.engine.MreException;
import io.mre.engine.Visit;
import io.mre.engine.verify.VerifiedObject;
import io.mre.errors.ErrorCode;
import io.mre.proto.v1.DelegateResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

/**
 * A node that keeps nothing: every object goes back to whoever called, at the end of the whole journey. It only
 * remembers, in memory, the journeys it relayed, so that a delivery repeated by its caller is not run twice.
 */
public final class StatelessCustody implements CustodyMode {
    private final RelayMemory relays;

    public StatelessCustody(InstantSource clock) {
        this.relays = new RelayMemory(clock);
    }

    /**
     * Runs the journey of a delivered head once: a re-delivery of the same head while it runs, or after it ended,
     * gets the same answer; after a hand-off onward that may have reached its peer, the same head goes to that peer
     * again ({@link RelayMemory}).
     */
    public DelegateResponse relayOnce(VerifiedObject delivered, RelayMemory.Journey journey) {
        return relays.once(delivered.objectId(), delivered.headHash(), journey);
    }

    /** How many delivered heads this node remembers. */
    int relaysRemembered() {
        return relays.size();
    }

    @Override
    public boolean custodyWithCaller() {
        return true;
    }

    @Override
    public boolean wholeJourney(boolean relay) {
        return true;
    }

    @Override
    public Optional<ParkedObjects.Parked> find(String objectId) {
        return Optional.empty();
    }

    @Override
    public ParkedObjects.Parked read(String objectId) {
        throw notKept(objectId);
    }

    @Override
    public VerifiedObject load(String objectId) {
        throw notKept(objectId);
    }

    @Override
    public Optional<DelegateResponse> takeCustody(VerifiedObject verified, DelegateResponse.Builder ack) {
        return Optional.empty();
    }

    @Override
    public void stayed(Visit visit) {}

    @Override
    public void leaving(Visit visit) {}

    @Override
    public boolean keepsHead(String objectId, ByteString head) {
        return false;
    }

    @Override
    public boolean redeliverLater(String objectId, Duration delay) {
        return false;
    }

    @Override
    public boolean left(String objectId, ByteString sentHead) {
        return true;
    }

    @Override
    public NodeRuntime.Result returned(String objectId, DelegateResponse ack) {
        return new NodeRuntime.Result(ack.getResult(), ack.getStatus(), ack.getCustodyReturned());
    }

    @Override
    public int recover() {
        return 0;
    }

    @Override
    public void keepTerminatedFor(Duration keep) {}

    private static MreException notKept(String objectId) {
        return new MreException(
                ErrorCode.OBJECT_NOT_FOUND,
                "this node is stateless and keeps no objects; " + "present the object itself",
                Map.of("object_id", objectId));
    }
}
