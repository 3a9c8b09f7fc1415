package io.mre.node.runtime;

import io.mre.proto.v1.DelegateResponse;
import io.mre.proto.v1.ExecutableObject;
import io.mre.spi.PeerView;
import java.time.Duration;

/** Hands an object to a peer over {@code FederationService.Delegate}; the federation layer implements it. */
@FunctionalInterface
public interface CustodyTransfer {
    /**
     * Metadata key of the PEER_UNAVAILABLE a transfer throws: "true" when an attempt may have reached the peer (a
     * call timed out, was cancelled or broke after connecting), so the peer may hold custody now; "false" when no
     * attempt got a connection. Only after "false" may the sender give the object to another peer.
     */
    String MAYBE_DELIVERED = "maybe_delivered";

    /**
     * Sends {@code object} (whose last entry delegates it to {@code peer}) and returns the peer's acknowledgement.
     *
     * @param relay true when the sender waits for the final object (stateless relay)
     * @throws io.mre.engine.MreException PEER_UNAVAILABLE when the peer cannot be reached within {@code timeout},
     *     or the peer's own error
     */
    DelegateResponse transfer(PeerView peer, ExecutableObject object, boolean relay, Duration timeout);
}
