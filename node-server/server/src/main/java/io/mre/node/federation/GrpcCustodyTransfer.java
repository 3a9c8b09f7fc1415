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
 * so retries are safe); then PEER_UNAVAILABLE, saying whether an attempt may have reached the peer
 * ({@link CustodyTransfer#MAYBE_DELIVERED}): only when none did may the sender re-decide. A refusal by the peer
 * (fork, integrity, policy) is returned as the peer's error.
 */
public final class GrpcCustodyTransfer implements CustodyTransfer {
    private static final long RELAY_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final PeerChannels channels;
    private final java.util.function.Predicate<String> statelessPeer;

    public GrpcCustodyTransfer(PeerChannels channels) {
        this(channels, address -> false);
    }

    /**
     * @param statelessPeer whether the peer at an address is stateless: it answers after the rest of the journey it
     *     runs, so its call gets the relay deadline, not the hand-off timeout
     */
    public GrpcCustodyTransfer(PeerChannels channels, java.util.function.Predicate<String> statelessPeer) {
        this.channels = requireNonNull(channels, "channels is null");
        this.statelessPeer = requireNonNull(statelessPeer, "statelessPeer is null");
    }

    @Override
    public DelegateResponse transfer(PeerView peer, ExecutableObject object, boolean relay, Duration timeout) {
        boolean wholeJourney = relay || statelessPeer.test(peer.address());
        // A relay keeps trying the same peer as long as it waits for the journey: it cannot keep the object to try
        // later, and re-deciding after an attempt that may have been delivered could make two custodians.
        long deadline =
                System.nanoTime() + (wholeJourney ? Math.max(timeout.toNanos(), RELAY_NANOS) : timeout.toNanos());
        DelegateRequest request =
                DelegateRequest.newBuilder().setObject(object).setRelay(relay).build();
        StatusRuntimeException lastFailure = null;
        long backoffMillis = 20;
        boolean maybeDelivered = false;
        while (System.nanoTime() < deadline) {
            long remaining = deadline - System.nanoTime();
            // A relay (or a stateless peer, which always relays) waits for the whole rest of the journey, so it gets
            // a longer deadline than one hop: cut short, the journey would go on there while this node retries.
            long callNanos = wholeJourney ? Math.max(remaining, RELAY_NANOS) : remaining;
            // Not in the caller's gRPC context: a visit that runs on a server thread after its own call answered
            // (or a relay whose caller gave up) must not have its hand-off cancelled half-way with that call.
            io.grpc.Context forked = io.grpc.Context.current().fork();
            io.grpc.Context previous = forked.attach();
            java.util.concurrent.atomic.AtomicBoolean sent = new java.util.concurrent.atomic.AtomicBoolean();
            try {
                return FederationServiceGrpc.newBlockingStub(channels.channel(peer.address()))
                        .withInterceptors(new SentTracer(sent))
                        .withDeadlineAfter(callNanos, TimeUnit.NANOSECONDS)
                        .delegate(request);
            } catch (StatusRuntimeException e) {
                if (!isTransient(e)) {
                    throw fromPeer(peer, e);
                }
                lastFailure = e;
                maybeDelivered |= sent.get();
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
            } finally {
                forked.detach(previous);
            }
        }
        throw new MreException(
                ErrorCode.PEER_UNAVAILABLE,
                "peer " + peer.nodeId() + "@" + peer.trustDomain() + " ("
                        + peer.address() + ") did not take custody within " + timeout
                        + (lastFailure == null
                                ? ""
                                : ": " + lastFailure.getStatus().getDescription()),
                Map.of(MAYBE_DELIVERED, Boolean.toString(maybeDelivered)));
    }

    /** Notes that a call's headers or message left for the peer: from then on the peer may have the object. */
    private static final class SentTracer extends io.grpc.ClientStreamTracer.Factory
            implements io.grpc.ClientInterceptor {
        private final java.util.concurrent.atomic.AtomicBoolean sent;

        SentTracer(java.util.concurrent.atomic.AtomicBoolean sent) {
            this.sent = sent;
        }

        @Override
        public <Q, R> io.grpc.ClientCall<Q, R> interceptCall(
                io.grpc.MethodDescriptor<Q, R> method, io.grpc.CallOptions options, io.grpc.Channel next) {
            return next.newCall(method, options.withStreamTracerFactory(this));
        }

        @Override
        public io.grpc.ClientStreamTracer newClientStreamTracer(
                io.grpc.ClientStreamTracer.StreamInfo info, io.grpc.Metadata headers) {
            return new io.grpc.ClientStreamTracer() {
                @Override
                public void outboundHeaders() {
                    sent.set(true);
                }

                @Override
                public void outboundMessage(int seqNo) {
                    sent.set(true);
                }
            };
        }
    }

    /**
     * Failures another attempt may overcome: the peer unreachable or slow, or at its limit of concurrent
     * evaluations (OVERLOADED). Anything else is the peer's answer about this object and is not retried.
     */
    private static boolean isTransient(StatusRuntimeException e) {
        return switch (e.getStatus().getCode()) {
            // CANCELLED is no answer of the peer's (e.g. a relay's own caller gave up): it may have taken custody
            case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED -> true;
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
        return new MreException(
                code,
                "peer " + peer.nodeId() + "@" + peer.trustDomain() + " refused custody: "
                        + e.getStatus().getDescription(),
                meta);
    }
}
