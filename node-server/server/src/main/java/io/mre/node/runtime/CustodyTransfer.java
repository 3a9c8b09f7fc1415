package io.mre.node.runtime;

import io.mre.proto.v1.DelegateResponse;
import io.mre.proto.v1.ExecutableObject;
import io.mre.spi.PeerView;
import java.time.Duration;

/** Hands an object to a peer over {@code FederationService.Delegate}; the federation layer implements it. */
@FunctionalInterface
public interface CustodyTransfer {
    /**
     * Sends {@code object} (whose last entry delegates it to {@code peer}) and returns the peer's acknowledgement.
     *
     * @param relay true when the sender waits for the final object (stateless relay)
     * @throws io.mre.engine.MreException PEER_UNAVAILABLE when the peer cannot be reached within {@code timeout},
     *     or the peer's own error
     */
    DelegateResponse transfer(PeerView peer, ExecutableObject object, boolean relay, Duration timeout);
}
