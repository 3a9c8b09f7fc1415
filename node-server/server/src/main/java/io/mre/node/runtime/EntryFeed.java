package io.mre.node.runtime;

import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.ObjectStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Publishes to the Watch streams of an object the entries a node appends to it (or learns of when the object comes
 * back), and the hand-off that takes it away.
 */
public final class EntryFeed {
    /**
     * Entries of one object, from {@code firstSeq}, and its status after them. An update may repeat entries a
     * watcher has already seen (an object coming back carries its whole history): watchers skip seqs they sent.
     */
    public record Update(String objectId, long firstSeq, List<EntryEnvelope> entries, ObjectStatus status) {}

    /** What a Watch stream receives. Called under the object's lock, in order. */
    public interface Watcher {
        /** New entries. */
        void entries(Update update);

        /** The object left this node; no more updates follow. */
        void moved(Departures.Departure departure);
    }

    private final Map<String, List<Watcher>> watchers = new ConcurrentHashMap<>();

    Runnable subscribe(String objectId, Watcher watcher) {
        watchers.computeIfAbsent(objectId, k -> new CopyOnWriteArrayList<>()).add(watcher);
        return () -> unsubscribe(objectId, watcher);
    }

    private void unsubscribe(String objectId, Watcher watcher) {
        watchers.computeIfPresent(objectId, (k, list) -> {
            list.remove(watcher);
            return list.isEmpty() ? null : list;
        });
    }

    /** Whether anyone watches {@code objectId} (so an update worth building). */
    boolean watched(String objectId) {
        return watchers.containsKey(objectId);
    }

    void publish(Update update) {
        List<Watcher> list = watchers.get(update.objectId());
        if (list == null || update.entries().isEmpty()) {
            return;
        }
        for (Watcher w : list) {
            try {
                w.entries(update);
            } catch (RuntimeException e) {
                // A broken watcher (e.g. a cancelled stream) must not disturb the object's progress.
            }
        }
    }

    /** Tells the object's watchers where it went, and forgets them. */
    void moved(Departures.Departure departure) {
        List<Watcher> list = watchers.remove(departure.objectId());
        if (list == null) {
            return;
        }
        for (Watcher w : list) {
            try {
                w.moved(departure);
            } catch (RuntimeException e) {
                // as above
            }
        }
    }
}
