package io.mre.node.federation;

import static java.util.Objects.requireNonNull;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.mre.engine.MreException;
import io.mre.errors.DecodedError;
import io.mre.errors.ErrorCode;
import io.mre.errors.ErrorInfoCodec;
import io.mre.node.runtime.CustodyTransfer;
import io.mre.proto.v1.DelegateRequest;
import io.mre.proto.v1.DelegateResponse;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.FederationServiceGrpc;
import io.mre.spi.PeerView;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Custody transfer over {@code FederationService.Delegate}. A transport failure, or a receiver at its concurrency
 * limit (OVERLOADED), is retried until the hand-off timeout (the receiver recognizes a head it already accepted,
 * so retries are safe); then PEER_UNAVAILABLE, and the sender re-decides. A refusal by the peer (fork, integrity, policy) is returned as the peer's error.
 */
public final class GrpcCustodyTransfer implements CustodyTransfer {
    private final PeerChannels channels;

    public GrpcCustodyTransfer(PeerChannels channels) {
        this.channels = requireNonNull(channels, "channels is null");
    }

    @Override
    public DelegateResponse transfer(PeerView peer, ExecutableObject object, boolean relay, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        DelegateRequest request = DelegateRequest.newBuilder().setObject(object).setRelay(relay).build();
        StatusRuntimeException lastFailure = null;
        long backoffMillis = 20;
        while (System.nanoTime() < deadline) {
            long remaining = deadline - System.nanoTime();
            // A relay waits for the whole rest of the journey, so it gets a longer deadline than one hop.
            long callNanos = relay ? Math.max(remaining, TimeUnit.SECONDS.toNanos(60)) : remaining;
            try {
                return FederationServiceGrpc.newBlockingStub(channels.channel(peer.address()))
                        .withDeadlineAfter(callNanos, TimeUnit.NANOSECONDS).delegate(request);
            } catch (StatusRuntimeException e) {
                if (!isTransient(e)) {
                    throw fromPeer(peer, e);
                }
                lastFailure = e;
                // Reconnect at the next attempt rather than after gRPC's growing reconnect backoff: a receiver that
                // restarts within the hand-off timeout takes custody as soon as it listens again.
                channels.channel(peer.address()).resetConnectBackoff();
                try {
                    Thread.sleep(Math.min(backoffMillis, Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining))));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
                backoffMillis = Math.min(backoffMillis * 2, 500);
            }
        }
        throw new MreException(ErrorCode.PEER_UNAVAILABLE, "peer " + peer.nodeId() + "@" + peer.trustDomain() + " ("
                + peer.address() + ") did not take custody within " + timeout
                + (lastFailure == null ? "" : ": " + lastFailure.getStatus().getDescription()));
    }

    /**
     * Failures another attempt may overcome: the peer unreachable or slow, or at its limit of concurrent
     * evaluations (OVERLOADED). Anything else is the peer's answer about this object and is not retried.
     */
    private static boolean isTransient(StatusRuntimeException e) {
        return switch (e.getStatus().getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED -> true;
            case RESOURCE_EXHAUSTED -> ErrorInfoCodec.decode(e).code().orElse(null) == ErrorCode.OVERLOADED;
            default -> false;
        };
    }

    private static MreException fromPeer(PeerView peer, StatusRuntimeException e) {
        DecodedError decoded = ErrorInfoCodec.decode(e);
        // an unknown reason from a newer peer: INTERNAL, without the metadata of a code this node cannot read
        ErrorCode code = decoded.code().orElse(ErrorCode.INTERNAL);
        Map<String, String> meta = decoded.code().isPresent() ? decoded.metadata() : Map.of();
        if (e.getStatus().getCode() == Status.Code.UNAUTHENTICATED) {
            code = ErrorCode.UNTRUSTED_PEER;
        }
        return new MreException(code, "peer " + peer.nodeId() + "@" + peer.trustDomain() + " refused custody: "
                + e.getStatus().getDescription(), meta);
    }
}
