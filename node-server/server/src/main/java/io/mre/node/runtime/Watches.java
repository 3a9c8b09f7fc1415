package io.mre.node.runtime;

import static java.util.Objects.requireNonNull;

import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.ObjectStatus;
import io.mre.spi.Lifecycle;
import java.util.List;
import java.util.Optional;

/**
 * Starts Watch streams: an object's entries from a given seq, then its new entries, then where it went when it
 * leaves. Under the object's lock, where every append, arrival and departure is published: nothing falls between
 * the state read here and the subscription, and nothing arrives before the history.
 */
public final class Watches {
    private final CustodyMode mode;
    private final Publisher publisher;
    private final VisitGate gate;

    public Watches(CustodyMode mode, Publisher publisher, VisitGate gate) {
        this.mode = requireNonNull(mode, "mode is null");
        this.publisher = requireNonNull(publisher, "publisher is null");
        this.gate = requireNonNull(gate, "gate is null");
    }

    /**
     * Streams the object to {@code watcher}; returns the unsubscribe action. An object this node handed on is
     * answered with that hand-off at once; a terminated one with its entries from {@code fromSeq} (possibly none)
     * and its status. The caller is admitted on the object held, or on what the node remembers of one it handed on.
     */
    public Runnable start(String objectId, long fromSeq, EntryFeed.Watcher watcher, Admission admission) {
        return gate.locked(objectId, () -> {
            Optional<ParkedObjects.Parked> held = mode.find(objectId);
            if (held.isEmpty()) {
                Optional<Departures.Departure> gone = publisher.departure(objectId);
                if (gone.isPresent()) {
                    ParkedObjects.Parked left =
                            ParkedObjects.Parked.of(gone.get().summary());
                    admission.check(left.object(), left.state());
                    watcher.moved(gone.get());
                    return () -> {};
                }
            }
            ParkedObjects.Parked parked = held.orElseGet(() -> mode.read(objectId));
            admission.check(parked.object(), parked.state());
            List<EntryEnvelope> entries = parked.object().getMemory().getEntriesList();
            ObjectStatus status = ObjectStatuses.of(objectId, parked.state());
            boolean terminated = parked.state().lifecycle() == Lifecycle.TERMINATED;
            if (fromSeq < entries.size() || terminated) {
                watcher.entries(new EntryFeed.Update(
                        objectId,
                        fromSeq,
                        fromSeq < entries.size() ? entries.subList((int) fromSeq, entries.size()) : List.of(),
                        status));
            }
            return terminated ? () -> {} : publisher.subscribe(objectId, watcher);
        });
    }
}
