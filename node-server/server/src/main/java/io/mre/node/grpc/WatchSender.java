package io.mre.node.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.mre.node.runtime.Departures;
import io.mre.node.runtime.EntryFeed;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.Lifecycle;
import io.mre.proto.v1.WatchMoved;
import io.mre.proto.v1.WatchResponse;

/**
 * One Watch stream: sends each entry once, in seq order from the request's {@code from_seq} (an update may repeat
 * entries already sent), ends the stream when the object terminates, and ends it with {@code moved} when the object
 * leaves the node.
 */
final class WatchSender implements EntryFeed.Watcher {
    private final ServerCallStreamObserver<WatchResponse> stream;
    private long next;
    private boolean ended;

    WatchSender(ServerCallStreamObserver<WatchResponse> stream, long fromSeq) {
        this.stream = stream;
        this.next = fromSeq;
    }

    @Override
    public synchronized void entries(EntryFeed.Update update) {
        if (ended || stream.isCancelled()) {
            return;
        }
        int from = (int) Math.max(0, next - update.firstSeq());
        int last = update.entries().size() - 1;
        boolean terminated = update.status().getLifecycle() == Lifecycle.LIFECYCLE_TERMINATED;
        if (from > last && terminated) {
            stream.onNext(WatchResponse.newBuilder().setStatus(update.status()).build()); // nothing left to send
        }
        for (int i = from; i <= last; i++) {
            EntryEnvelope envelope = update.entries().get(i);
            WatchResponse.Builder b = WatchResponse.newBuilder().setEntry(envelope);
            try {
                b.setDecoded(Entry.parseFrom(envelope.getEntry()));
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                continue; // entries a node stored were verified; unreachable in practice
            }
            if (i == last) {
                b.setStatus(update.status());
            }
            stream.onNext(b.build());
            next = update.firstSeq() + i + 1;
        }
        if (terminated) {
            ended = true;
            stream.onCompleted();
        }
    }

    @Override
    public synchronized void moved(Departures.Departure departure) {
        if (ended || stream.isCancelled()) {
            return;
        }
        ended = true;
        stream.onNext(WatchResponse.newBuilder()
                .setMoved(WatchMoved.newBuilder()
                        .setNode(departure.to())
                        .setAddress(departure.address())
                        .setDelegateSeq(departure.delegateSeq()))
                .build());
        stream.onCompleted();
    }
}
