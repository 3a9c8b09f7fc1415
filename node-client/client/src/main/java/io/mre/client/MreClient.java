package io.mre.client;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Struct;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NegotiationType;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import io.mre.proto.v1.CancelRequest;
import io.mre.proto.v1.CancelResponse;
import io.mre.proto.v1.DescribeRequest;
import io.mre.proto.v1.DescribeResponse;
import io.mre.proto.v1.EvaluateRequest;
import io.mre.proto.v1.EvaluateResponse;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.ExecutionNodeServiceGrpc;
import io.mre.proto.v1.FederationServiceGrpc;
import io.mre.proto.v1.GetRequest;
import io.mre.proto.v1.GetResponse;
import io.mre.proto.v1.Lifecycle;
import io.mre.proto.v1.SignalRequest;
import io.mre.proto.v1.SignalResponse;
import io.mre.proto.v1.SubmitRequest;
import io.mre.proto.v1.SubmitResponse;
import io.mre.proto.v1.WatchMoved;
import io.mre.proto.v1.WatchRequest;
import io.mre.proto.v1.WatchResponse;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A client of one MRE node: submit objects, ask what the node would do, read, signal, cancel and watch the objects
 * it holds, and ask the node to describe itself. Every call has a blocking form and an asynchronous form returning
 * a {@link CompletableFuture}; every failure is an {@link MreClientException} carrying the gRPC status and the
 * node's {@code ErrorInfo} reason and metadata. Thread-safe; share one client per node and {@link #close()} it.
 *
 * <pre>{@code
 * try (MreClient client = MreClient.builder()
 *         .target("127.0.0.1:7001")
 *         .tls(Path.of("keys/ca.crt"), Path.of("keys/client.crt"), Path.of("keys/client.key"))
 *         .deadline(Duration.ofSeconds(10))
 *         .build()) {
 *     SubmitResponse submitted = client.submit(object);
 *     ObjectStatus status = submitted.getStatus();
 *     System.out.println(status.getObjectId() + " is " + status.getLifecycle());
 *     try (WatchStream entries = client.watch(status.getObjectId(), status.getEntries())) {
 *         entries.forEachRemaining(e -> System.out.println(e.getDecoded().getAction()));
 *     }
 * } catch (MreClientException e) {
 *     System.err.println(e.statusCode() + " " + e.reason() + ": " + e.description());
 * }
 * }</pre>
 *
 * <p>Objects are {@code mre.v1.ExecutableObject} messages; create them with
 * {@code io.mre.engine.object.ObjectFactory} and verify them offline with {@code io.mre.engine.verify.Verifier}
 * (artifact {@code io.mre:mre-engine}, which this client does not need).
 */
public final class MreClient implements AutoCloseable {
    /** Objects may be up to a node's size limit (4 MiB by default) plus the response around them. */
    private static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

    private final String target;
    private final ManagedChannel channel;
    private final Duration deadline;
    /** Opens a channel to another node with this client's TLS material; null when built on a given channel. */
    private final Function<String, ManagedChannel> dialer;

    private final Map<String, ManagedChannel> others = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private MreClient(
            String target, ManagedChannel channel, Duration deadline, Function<String, ManagedChannel> dialer) {
        this.target = target;
        this.channel = channel;
        this.deadline = deadline;
        this.dialer = dialer;
    }

    /** A builder; set a {@link Builder#target target} and either {@link Builder#tls TLS material} or {@link Builder#plaintext()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The node this client talks to. */
    public String target() {
        return target;
    }

    /** Hands {@code object} to the node, which runs it until it leaves the node; returns the object as it left. */
    public SubmitResponse submit(ExecutableObject object) {
        SubmitRequest request = SubmitRequest.newBuilder().setObject(object).build();
        return blocking(stub -> stub.submit(request));
    }

    /** {@link #submit} without blocking. */
    public CompletableFuture<SubmitResponse> submitAsync(ExecutableObject object) {
        SubmitRequest request = SubmitRequest.newBuilder().setObject(object).build();
        return async((stub, observer) -> stub.submit(request, observer));
    }

    /** Dry run for an object the node holds: what it would do next, and why. Appends nothing. */
    public EvaluateResponse evaluate(String objectId) {
        EvaluateRequest request =
                EvaluateRequest.newBuilder().setObjectId(objectId).build();
        return blocking(stub -> stub.evaluate(request));
    }

    /** Dry run for an object given inline. */
    public EvaluateResponse evaluate(ExecutableObject object) {
        EvaluateRequest request = EvaluateRequest.newBuilder().setObject(object).build();
        return blocking(stub -> stub.evaluate(request));
    }

    /** {@link #evaluate(String)} without blocking. */
    public CompletableFuture<EvaluateResponse> evaluateAsync(String objectId) {
        EvaluateRequest request =
                EvaluateRequest.newBuilder().setObjectId(objectId).build();
        return async((stub, observer) -> stub.evaluate(request, observer));
    }

    /** {@link #evaluate(ExecutableObject)} without blocking. */
    public CompletableFuture<EvaluateResponse> evaluateAsync(ExecutableObject object) {
        EvaluateRequest request = EvaluateRequest.newBuilder().setObject(object).build();
        return async((stub, observer) -> stub.evaluate(request, observer));
    }

    /** An object the node holds, and its folded status. */
    public GetResponse get(String objectId) {
        GetRequest request = GetRequest.newBuilder().setObjectId(objectId).build();
        return blocking(stub -> stub.get(request));
    }

    /** {@link #get} without blocking. */
    public CompletableFuture<GetResponse> getAsync(String objectId) {
        GetRequest request = GetRequest.newBuilder().setObjectId(objectId).build();
        return async((stub, observer) -> stub.get(request, observer));
    }

    /** Sends the signal {@code name} with {@code payload} to an object the node holds. */
    public SignalResponse signal(String objectId, String name, Struct payload) {
        SignalRequest request = SignalRequest.newBuilder()
                .setObjectId(objectId)
                .setName(name)
                .setPayload(payload)
                .build();
        return blocking(stub -> stub.signal(request));
    }

    /** Sends a signal to an object given inline (a stateless node returns it with the signal recorded). */
    public SignalResponse signal(ExecutableObject object, String name, Struct payload) {
        SignalRequest request = SignalRequest.newBuilder()
                .setObject(object)
                .setName(name)
                .setPayload(payload)
                .build();
        return blocking(stub -> stub.signal(request));
    }

    /** {@link #signal(String, String, Struct)} without blocking. */
    public CompletableFuture<SignalResponse> signalAsync(String objectId, String name, Struct payload) {
        SignalRequest request = SignalRequest.newBuilder()
                .setObjectId(objectId)
                .setName(name)
                .setPayload(payload)
                .build();
        return async((stub, observer) -> stub.signal(request, observer));
    }

    /** Cancels an object the node holds: it terminates CANCELLED. */
    public CancelResponse cancel(String objectId, String reason) {
        CancelRequest request = CancelRequest.newBuilder()
                .setObjectId(objectId)
                .setReason(reason)
                .build();
        return blocking(stub -> stub.cancel(request));
    }

    /** Cancels an object given inline. */
    public CancelResponse cancel(ExecutableObject object, String reason) {
        CancelRequest request =
                CancelRequest.newBuilder().setObject(object).setReason(reason).build();
        return blocking(stub -> stub.cancel(request));
    }

    /** {@link #cancel(String, String)} without blocking. */
    public CompletableFuture<CancelResponse> cancelAsync(String objectId, String reason) {
        CancelRequest request = CancelRequest.newBuilder()
                .setObjectId(objectId)
                .setReason(reason)
                .build();
        return async((stub, observer) -> stub.cancel(request, observer));
    }

    /**
     * The entries of an object the node holds, from {@code fromSeq} on, as they are appended. No deadline applies:
     * the stream lasts until the node ends it or the caller closes it.
     */
    public WatchStream watch(String objectId, long fromSeq) {
        WatchRequest request = WatchRequest.newBuilder()
                .setObjectId(objectId)
                .setFromSeq(fromSeq)
                .build();
        Context.CancellableContext context = Context.current().withCancellation();
        Context previous = context.attach();
        try {
            return new WatchStream(
                    target,
                    context,
                    ExecutionNodeServiceGrpc.newBlockingStub(channel).watch(request));
        } catch (StatusRuntimeException e) {
            context.cancel(e);
            throw ErrorDecoder.decode(target, e);
        } finally {
            context.detach(previous);
        }
    }

    /**
     * Watches without blocking: {@code onEntry} runs for each entry on a gRPC thread; the future completes when the
     * node ends the stream, or fails with an {@link MreClientException}. Cancelling the future cancels the call.
     */
    public CompletableFuture<Void> watchAsync(String objectId, long fromSeq, Consumer<WatchResponse> onEntry) {
        requireNonNull(onEntry, "onEntry is null");
        WatchRequest request = WatchRequest.newBuilder()
                .setObjectId(objectId)
                .setFromSeq(fromSeq)
                .build();
        CompletableFuture<Void> done = new CompletableFuture<>();
        ExecutionNodeServiceGrpc.newStub(channel)
                .watch(request, new ClientResponseObserver<WatchRequest, WatchResponse>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<WatchRequest> call) {
                        done.whenComplete((v, t) -> {
                            if (done.isCancelled()) {
                                call.cancel("cancelled by the caller", null);
                            }
                        });
                    }

                    @Override
                    public void onNext(WatchResponse value) {
                        onEntry.accept(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(ErrorDecoder.decode(target, t));
                    }

                    @Override
                    public void onCompleted() {
                        done.complete(null);
                    }
                });
        return done;
    }

    /**
     * Follows an object from this node wherever it goes until it terminates, without polling: Watch streams that
     * end with where the object went ({@code WatchResponse.moved}) are followed to that node, with this client's TLS
     * material, through stateless nodes and back to nodes it already left. {@code onEntry} receives each entry from
     * {@code fromSeq} once, in order, on a gRPC thread; {@code onMove} each hand-off followed. The future completes
     * when the object terminates, or fails with an {@link MreClientException} (a node unreachable, an object no
     * node can account for). Cancelling it stops following. No deadline applies.
     */
    public CompletableFuture<Followed> followAsync(
            String objectId, long fromSeq, Consumer<WatchResponse> onEntry, Consumer<WatchMoved> onMove) {
        requireNonNull(objectId, "objectId is null");
        return new ObjectFollower(
                        this::channelTo,
                        objectId,
                        requireNonNull(onEntry, "onEntry is null"),
                        requireNonNull(onMove, "onMove is null"))
                .start(target, fromSeq);
    }

    /** {@link #followAsync} that blocks until the object terminates, at most {@code timeout}. */
    public Followed follow(String objectId, long fromSeq, Duration timeout) {
        CompletableFuture<Followed> f = followAsync(objectId, fromSeq, e -> {}, m -> {});
        try {
            return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            f.cancel(true);
            throw new MreClientException(
                    target,
                    io.grpc.Status.Code.DEADLINE_EXCEEDED,
                    "",
                    "object " + objectId + " did not terminate within " + timeout,
                    Map.of("object_id", objectId),
                    false,
                    e);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new MreClientException(target, io.grpc.Status.Code.CANCELLED, "", "interrupted", Map.of(), false, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw ErrorDecoder.decode(target, e.getCause());
        }
    }

    /**
     * Submits {@code object} to this node and completes when it terminates, wherever that is (see
     * {@link #followAsync}): a caller's latency is the workflow's. An object that stops without terminating in the
     * caller's custody (dormant at stateless nodes) cannot be followed: the future fails with the node's answer.
     */
    public CompletableFuture<Followed> submitAndFollowAsync(ExecutableObject object) {
        return submitAsync(object)
                .thenCompose(r -> r.getStatus().getLifecycle() == Lifecycle.LIFECYCLE_TERMINATED
                        ? CompletableFuture.completedFuture(new Followed(
                                target, r.getStatus(), r.getObject().getMemory().getEntriesCount()))
                        : followAsync(
                                r.getStatus().getObjectId(),
                                r.getObject().getMemory().getEntriesCount(),
                                e -> {},
                                m -> {}));
    }

    /** The channel to {@code address}: this client's own, or one opened with the same TLS material. */
    private ManagedChannel channelTo(String address) {
        if (address.equals(target)) {
            return channel;
        }
        if (dialer == null) {
            throw new MreClientException(
                    address,
                    io.grpc.Status.Code.FAILED_PRECONDITION,
                    "",
                    "this client was built on a given channel and cannot open one to " + address,
                    Map.of(),
                    false,
                    null);
        }
        if (closed) {
            throw new MreClientException(
                    address, io.grpc.Status.Code.CANCELLED, "", "the client is closed", Map.of(), false, null);
        }
        return others.computeIfAbsent(address, dialer);
    }

    /** What the node is: id, trust domain, capabilities, labels, mode, plugins. */
    public DescribeResponse describe() {
        try {
            return FederationServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS)
                    .describe(DescribeRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            throw ErrorDecoder.decode(target, e);
        }
    }

    /** {@link #describe} without blocking. */
    public CompletableFuture<DescribeResponse> describeAsync() {
        UnaryFuture<DescribeRequest, DescribeResponse> future = new UnaryFuture<>(target);
        FederationServiceGrpc.newStub(channel)
                .withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS)
                .describe(DescribeRequest.getDefaultInstance(), future);
        return future.result();
    }

    /** Closes the channel, waiting up to five seconds for calls in flight. */
    @Override
    public void close() {
        closed = true;
        List<ManagedChannel> all = new java.util.ArrayList<>(others.values());
        all.add(channel);
        all.forEach(ManagedChannel::shutdown);
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            for (ManagedChannel c : all) {
                if (!c.awaitTermination(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    c.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            all.forEach(ManagedChannel::shutdownNow);
            Thread.currentThread().interrupt();
        }
    }

    private <T> T blocking(Function<ExecutionNodeServiceGrpc.ExecutionNodeServiceBlockingStub, T> call) {
        try {
            return call.apply(ExecutionNodeServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS));
        } catch (StatusRuntimeException e) {
            throw ErrorDecoder.decode(target, e);
        }
    }

    private <T> CompletableFuture<T> async(
            BiConsumer<ExecutionNodeServiceGrpc.ExecutionNodeServiceStub, StreamObserver<T>> call) {
        UnaryFuture<Object, T> future = new UnaryFuture<>(target);
        call.accept(
                ExecutionNodeServiceGrpc.newStub(channel).withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS),
                future);
        return future.result();
    }

    /** Builds an {@link MreClient}. Not thread-safe. */
    public static final class Builder {
        private String target;
        private ManagedChannel channel;
        private boolean plaintext;
        private Path trust;
        private Path clientCert;
        private Path clientKey;
        private PrivateKey identityKey;
        private List<X509Certificate> identityChain;
        private List<X509Certificate> anchors;
        private String authority;
        private Duration deadline = Duration.ofSeconds(30);

        private Builder() {}

        /** The node's address, {@code host:port} (or any gRPC target such as {@code dns:///node.example:7001}). */
        public Builder target(String target) {
            this.target = requireNonNull(target, "target is null");
            return this;
        }

        /**
         * Mutual TLS: trust the CA certificate(s) in {@code trust} (a PEM file, or a folder whose {@code *.crt} and
         * {@code *.pem} CA certificates are all trusted) and present the client identity {@code clientCert}
         * (PEM chain, leaf first) with its key {@code clientKey} (PKCS#8 PEM, Ed25519), as
         * {@code mre keys init --client NAME} issues them.
         */
        public Builder tls(Path trust, Path clientCert, Path clientKey) {
            this.trust = requireNonNull(trust, "trust is null");
            this.clientCert = requireNonNull(clientCert, "clientCert is null");
            this.clientKey = requireNonNull(clientKey, "clientKey is null");
            this.identityKey = null;
            this.plaintext = false;
            return this;
        }

        /**
         * Mutual TLS with material already loaded: the client identity (its private key and certificate chain, leaf
         * first) and the CA certificates to trust. With the engine at hand, a {@code io.mre.crypto.SigningKey} gives
         * both: {@code tls(k.jdkPrivateKey(), k.jdkCertificateChain(), anchors)}.
         */
        public Builder tls(PrivateKey key, List<X509Certificate> certificateChain, List<X509Certificate> trustAnchors) {
            this.identityKey = requireNonNull(key, "key is null");
            this.identityChain = List.copyOf(certificateChain);
            if (identityChain.isEmpty()) {
                throw new IllegalArgumentException("certificateChain is empty");
            }
            this.anchors = List.copyOf(trustAnchors);
            this.trust = null;
            this.plaintext = false;
            return this;
        }

        /** No TLS: only for a node that allows plaintext clients (a developer's node on loopback). */
        public Builder plaintext() {
            this.plaintext = true;
            this.trust = null;
            this.identityKey = null;
            return this;
        }

        /** The host name expected in the node's certificate, when it differs from the target's host. */
        public Builder authority(String authority) {
            this.authority = requireNonNull(authority, "authority is null");
            return this;
        }

        /** The deadline of each unary call (default 30 s). Watch streams have none. */
        public Builder deadline(Duration deadline) {
            requireNonNull(deadline, "deadline is null");
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("deadline must be positive, got " + deadline);
            }
            this.deadline = deadline;
            return this;
        }

        /** Uses {@code channel} (for example an in-process channel in tests); the client closes it. */
        public Builder channel(ManagedChannel channel) {
            this.channel = requireNonNull(channel, "channel is null");
            return this;
        }

        /**
         * The client.
         *
         * @throws IllegalStateException if no target, or neither TLS nor plaintext, was chosen
         * @throws UncheckedIOException if TLS material cannot be read (the message names the file)
         */
        public MreClient build() {
            if (channel != null) {
                return new MreClient(target == null ? channel.authority() : target, channel, deadline, null);
            }
            if (target == null) {
                throw new IllegalStateException("no target: call target(\"host:port\")");
            }
            if (!plaintext && trust == null && identityKey == null) {
                throw new IllegalStateException("choose tls(...) or plaintext()");
            }
            io.netty.handler.ssl.SslContext ssl = plaintext
                    ? null
                    : identityKey != null
                            ? TlsContexts.client(identityKey, identityChain, anchors)
                            : TlsContexts.client(trust, clientCert, clientKey);
            Function<String, NettyChannelBuilder> dial = address -> {
                NettyChannelBuilder b = NettyChannelBuilder.forTarget(address)
                        .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                        .userAgent("mre-client");
                return ssl == null
                        ? b.usePlaintext()
                        : b.negotiationType(NegotiationType.TLS).sslContext(ssl);
            };
            NettyChannelBuilder builder = dial.apply(target);
            Optional.ofNullable(authority).ifPresent(builder::overrideAuthority);
            return new MreClient(
                    target,
                    builder.build(),
                    deadline,
                    address -> dial.apply(address).build());
        }
    }
}
