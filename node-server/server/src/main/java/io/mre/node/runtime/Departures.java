package io.mre.node.runtime;

import static java.util.Objects.requireNonNull;

import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.NodeRef;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where this node last handed each object on: what a watcher that arrives after the object left is told, so it
 * can follow the object without polling. In memory, bounded (the oldest are forgotten first), since the node
 * started. For one object, only a later hand-off (a greater DELEGATE seq) replaces the one remembered.
 */
public final class Departures {
    /**
     * A hand-off the receiver acknowledged: the DELEGATE entry at {@code delegateSeq} sent it to {@code to}.
     * {@code summary} is the object without its memory (header, context, intent): what a late watcher is admitted on.
     */
    public record Departure(String objectId, NodeRef to, String address, long delegateSeq, ExecutableObject summary) {
        public Departure {
            requireNonNull(objectId, "objectId is null");
            requireNonNull(to, "to is null");
            requireNonNull(address, "address is null");
            requireNonNull(summary, "summary is null");
        }
    }

    private final int capacity;
    private final LinkedHashMap<String, Departure> last = new LinkedHashMap<>();

    Departures(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** Remembers {@code d} unless a later hand-off of the same object is already remembered; returns whether it did. */
    synchronized boolean record(Departure d) {
        Departure known = last.get(d.objectId());
        if (known != null && known.delegateSeq() >= d.delegateSeq()) {
            return false;
        }
        last.remove(d.objectId());
        last.put(d.objectId(), d);
        while (last.size() > capacity) {
            last.remove(last.keySet().iterator().next());
        }
        return true;
    }

    synchronized Optional<Departure> of(String objectId) {
        return Optional.ofNullable(last.get(objectId));
    }

    synchronized int size() {
        return last.size();
    }

    /** For tests: the ids remembered, oldest first. */
    synchronized Map<String, Long> seqs() {
        Map<String, Long> seqs = new LinkedHashMap<>();
        last.forEach((id, d) -> seqs.put(id, d.delegateSeq()));
        return seqs;
    }
}
