package io.mre.client;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.mre.proto.v1.ExecutionNodeServiceGrpc;
import io.mre.proto.v1.Lifecycle;
import io.mre.proto.v1.ObjectStatus;
import io.mre.proto.v1.WatchMoved;
import io.mre.proto.v1.WatchRequest;
import io.mre.proto.v1.WatchResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Follows one object with Watch streams until it terminates: each stream ends either with the object's last entry
 * or with {@code moved} (the node handed the object on), and then the next stream starts at the node it moved to,
 * from the next seq this follower has not seen. No polling: every step waits on a node's message. The hand-offs
 * followed must have growing DELEGATE seqs, so a follower given stale directions fails instead of going round.
 */
final class ObjectFollower {
    private final Function<String, ManagedChannel> channels;
    private final String objectId;
    private final Consumer<WatchResponse> onEntry;
    private final Consumer<WatchMoved> onMove;
    private final CompletableFuture<Followed> done = new CompletableFuture<>();
    private volatile ClientCallStreamObserver<WatchRequest> call;
    private volatile String at;
    private volatile long next;
    private volatile long lastMove = -1;
    private volatile ObjectStatus status;

    ObjectFollower(
            Function<String, ManagedChannel> channels,
            String objectId,
            Consumer<WatchResponse> onEntry,
            Consumer<WatchMoved> onMove) {
        this.channels = channels;
        this.objectId = objectId;
        this.onEntry = onEntry;
        this.onMove = onMove;
        done.whenComplete((v, t) -> {
            ClientCallStreamObserver<WatchRequest> c = call;
            if (done.isCancelled() && c != null) {
                c.cancel("cancelled by the caller", null);
            }
        });
    }

    CompletableFuture<Followed> start(String address, long fromSeq) {
        at = address;
        next = fromSeq;
        attach();
        return done;
    }

    private void attach() {
        ManagedChannel channel;
        try {
            channel = channels.apply(at);
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
            return;
        }
        WatchRequest request =
                WatchRequest.newBuilder().setObjectId(objectId).setFromSeq(next).build();
        ExecutionNodeServiceGrpc.newStub(channel)
                .watch(request, new ClientResponseObserver<WatchRequest, WatchResponse>() {
                    private WatchMoved moved;

                    @Override
                    public void beforeStart(ClientCallStreamObserver<WatchRequest> c) {
                        call = c;
                        if (done.isDone()) {
                            c.cancel("following has ended", null);
                        }
                    }

                    @Override
                    public void onNext(WatchResponse r) {
                        if (r.hasMoved()) {
                            moved = r.getMoved();
                            return;
                        }
                        if (r.hasStatus()) {
                            status = r.getStatus();
                        }
                        if (r.hasEntry()) {
                            long seq = r.getDecoded().getSeq();
                            if (seq < next) {
                                return; // seen at an earlier node
                            }
                            next = seq + 1;
                            onEntry.accept(r);
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(ErrorDecoder.decode(at, t));
                    }

                    @Override
                    public void onCompleted() {
                        ObjectStatus s = status;
                        if (s != null && s.getLifecycle() == Lifecycle.LIFECYCLE_TERMINATED) {
                            done.complete(new Followed(at, s, next));
                        } else if (moved == null) {
                            done.completeExceptionally(lost(at + " ended the watch before the object terminated"));
                        } else if (moved.getDelegateSeq() <= lastMove) {
                            done.completeExceptionally(lost(at + " says the object went to " + moved.getAddress()
                                    + " at seq " + moved.getDelegateSeq() + ", not after seq " + lastMove
                                    + " where it was followed before"));
                        } else if (!done.isDone()) {
                            lastMove = moved.getDelegateSeq();
                            onMove.accept(moved);
                            at = moved.getAddress();
                            attach();
                        }
                    }
                });
    }

    private MreClientException lost(String why) {
        return new MreClientException(
                at,
                Status.Code.ABORTED,
                "",
                "lost track of object " + objectId + ": " + why,
                Map.of("object_id", objectId),
                false,
                null);
    }
}
