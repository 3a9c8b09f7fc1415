package io.mre.cli;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.mre.engine.codec.ObjectCodec;
import io.mre.engine.fold.Fold;
import io.mre.engine.fold.FoldedState;
import io.mre.proto.v1.CancelRequest;
import io.mre.proto.v1.CancelResponse;
import io.mre.proto.v1.DescribeRequest;
import io.mre.proto.v1.DescribeResponse;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.ExecutionNodeServiceGrpc;
import io.mre.proto.v1.FederationServiceGrpc;
import io.mre.proto.v1.GetRequest;
import io.mre.proto.v1.GetResponse;
import io.mre.proto.v1.Header;
import io.mre.proto.v1.Lifecycle;
import io.mre.proto.v1.NodeRef;
import io.mre.proto.v1.ObjectStatus;
import io.mre.proto.v1.SignalRequest;
import io.mre.proto.v1.SignalResponse;
import io.mre.proto.v1.SubmitRequest;
import io.mre.proto.v1.SubmitResponse;
import io.mre.proto.v1.WatchRequest;
import io.mre.proto.v1.WatchResponse;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A hand-written stand-in for a node on a real loopback socket (plaintext or TLS): it answers Submit with a
 * scripted object, serves Get/Watch from what it holds, records Signal and Cancel requests, describes itself, and
 * can be told to fail every call with a status and an {@code ErrorInfo}, as a node's interceptor would.
 */
final class FakeNode implements AutoCloseable {
    final Map<String, ExecutableObject> held = new ConcurrentHashMap<>();
    /** Objects this node handed on: Watch answers with where they went (WatchResponse.moved). */
    final Map<String, io.mre.proto.v1.WatchMoved> departed = new ConcurrentHashMap<>();

    final List<SignalRequest> signals = new ArrayList<>();
    final List<CancelRequest> cancels = new ArrayList<>();
    volatile ExecutableObject submitResult;
    volatile com.google.rpc.Status failure;
    private final Server server;

    private FakeNode(Optional<SslContext> tls) throws IOException {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new Execution())
                .addService(new Federation());
        tls.ifPresent(builder::sslContext);
        server = builder.build().start();
    }

    static FakeNode plaintext() throws IOException {
        return new FakeNode(Optional.empty());
    }

    static FakeNode tls(SslContext context) throws IOException {
        return new FakeNode(Optional.of(context));
    }

    String address() {
        return "127.0.0.1:" + server.getPort();
    }

    /** Every call fails with {@code code}, {@code message} and an ErrorInfo with {@code reason} and {@code metadata}. */
    void failWith(io.grpc.Status.Code code, String reason, String message, Map<String, String> metadata) {
        failure = com.google.rpc.Status.newBuilder()
                .setCode(code.value())
                .setMessage(message)
                .addDetails(Any.pack(ErrorInfo.newBuilder()
                        .setDomain("mre.io")
                        .setReason(reason)
                        .putAllMetadata(metadata)
                        .build()))
                .build();
    }

    static ObjectStatus status(ExecutableObject object) {
        Header header = ObjectCodec.header(object);
        List<Entry> entries = new ArrayList<>();
        object.getMemory().getEntriesList().forEach(e -> {
            try {
                entries.add(Entry.parseFrom(e.getEntry()));
            } catch (InvalidProtocolBufferException ex) {
                throw new IllegalStateException(ex);
            }
        });
        FoldedState s = Fold.of(header, entries).state(object.getIntent());
        return ObjectStatus.newBuilder()
                .setObjectId(header.getObjectId())
                .setLifecycle(
                        switch (s.lifecycle()) {
                            case ACTIVE -> Lifecycle.LIFECYCLE_ACTIVE;
                            case DORMANT -> Lifecycle.LIFECYCLE_DORMANT;
                            case TERMINATED -> Lifecycle.LIFECYCLE_TERMINATED;
                        })
                .setTerminalStatus(s.terminalStatus())
                .setNextStepId(s.nextStepId().orElse(""))
                .setEntries(s.entries())
                .setHops(s.hops())
                .setHolder(s.holder())
                .addAllPending(s.pending())
                .build();
    }

    /** Runs {@code call}, answering a thrown status (e.g. from {@link #require}) as gRPC would for a node. */
    private static <T> void answer(StreamObserver<T> observer, Runnable call) {
        try {
            call.run();
        } catch (io.grpc.StatusRuntimeException e) {
            observer.onError(e);
        }
    }

    private <T> boolean failed(StreamObserver<T> observer) {
        if (failure != null) {
            observer.onError(StatusProto.toStatusRuntimeException(failure));
            return true;
        }
        return false;
    }

    private ExecutableObject require(String id) {
        ExecutableObject object = held.get(id);
        if (object == null) {
            com.google.rpc.Status notFound = com.google.rpc.Status.newBuilder()
                    .setCode(io.grpc.Status.Code.NOT_FOUND.value())
                    .setMessage("object '" + id + "' is not held by this node")
                    .addDetails(Any.pack(ErrorInfo.newBuilder()
                            .setDomain("mre.io")
                            .setReason("OBJECT_NOT_FOUND")
                            .putMetadata("object_id", id)
                            .build()))
                    .build();
            throw StatusProto.toStatusRuntimeException(notFound);
        }
        return object;
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }

    private final class Execution extends ExecutionNodeServiceGrpc.ExecutionNodeServiceImplBase {
        @Override
        public void submit(SubmitRequest request, StreamObserver<SubmitResponse> observer) {
            if (failed(observer)) {
                return;
            }
            ExecutableObject result = submitResult == null ? request.getObject() : submitResult;
            held.put(ObjectCodec.header(result).getObjectId(), result);
            observer.onNext(SubmitResponse.newBuilder()
                    .setObject(result)
                    .setStatus(status(result))
                    .build());
            observer.onCompleted();
        }

        @Override
        public void get(GetRequest request, StreamObserver<GetResponse> observer) {
            answer(observer, () -> {
                if (failed(observer)) {
                    return;
                }
                ExecutableObject object = require(request.getObjectId());
                observer.onNext(GetResponse.newBuilder()
                        .setObject(object)
                        .setStatus(status(object))
                        .build());
                observer.onCompleted();
            });
        }

        @Override
        public void signal(SignalRequest request, StreamObserver<SignalResponse> observer) {
            answer(observer, () -> {
                if (failed(observer)) {
                    return;
                }
                synchronized (signals) {
                    signals.add(request);
                }
                ExecutableObject object = require(request.getObjectId());
                observer.onNext(SignalResponse.newBuilder()
                        .setObject(object)
                        .setStatus(status(object))
                        .setWoke(true)
                        .build());
                observer.onCompleted();
            });
        }

        @Override
        public void cancel(CancelRequest request, StreamObserver<CancelResponse> observer) {
            answer(observer, () -> {
                if (failed(observer)) {
                    return;
                }
                synchronized (cancels) {
                    cancels.add(request);
                }
                ExecutableObject object = require(request.getObjectId());
                observer.onNext(CancelResponse.newBuilder()
                        .setObject(object)
                        .setStatus(status(object))
                        .build());
                observer.onCompleted();
            });
        }

        @Override
        public void watch(WatchRequest request, StreamObserver<WatchResponse> observer) {
            answer(observer, () -> {
                if (failed(observer)) {
                    return;
                }
                io.mre.proto.v1.WatchMoved moved = departed.get(request.getObjectId());
                if (moved != null) {
                    observer.onNext(WatchResponse.newBuilder().setMoved(moved).build());
                    observer.onCompleted();
                    return;
                }
                ExecutableObject object = require(request.getObjectId());
                int count = object.getMemory().getEntriesCount();
                for (int i = (int) request.getFromSeq(); i < count; i++) {
                    try {
                        WatchResponse.Builder r = WatchResponse.newBuilder()
                                .setEntry(object.getMemory().getEntries(i))
                                .setDecoded(Entry.parseFrom(
                                        object.getMemory().getEntries(i).getEntry()));
                        if (i == count - 1) {
                            r.setStatus(status(object));
                        }
                        observer.onNext(r.build());
                    } catch (InvalidProtocolBufferException e) {
                        throw new IllegalStateException(e);
                    }
                }
                observer.onCompleted();
            });
        }
    }

    private final class Federation extends FederationServiceGrpc.FederationServiceImplBase {
        @Override
        public void describe(DescribeRequest request, StreamObserver<DescribeResponse> observer) {
            if (failed(observer)) {
                return;
            }
            observer.onNext(DescribeResponse.newBuilder()
                    .setNode(NodeRef.newBuilder().setNodeId("bureau-1").setTrustDomain("bureau.example"))
                    .addCapabilities("credit.check")
                    .addCapabilities("credit.report")
                    .putLabels("region", "eu-west")
                    .setServing(true)
                    .setMode("memory-aware")
                    .setAddress(address())
                    .addPlugins(io.mre.proto.v1.PluginInfo.newBuilder()
                            .setName("business-hours")
                            .setKind("policy")
                            .setSource("builtin"))
                    .build());
            observer.onCompleted();
        }
    }
}
