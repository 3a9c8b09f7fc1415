package io.mre.node.runtime;

import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.ObjectStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Publishes the entries a node appends to an object to the Watch streams of that object. */
public final class EntryFeed {
    /** New entries of one object, from {@code firstSeq}, and its status after them. */
    public record Update(String objectId, long firstSeq, List<EntryEnvelope> entries, ObjectStatus status) {}

    private final Map<String, List<Consumer<Update>>> watchers = new ConcurrentHashMap<>();

    Runnable subscribe(String objectId, Consumer<Update> watcher) {
        watchers.computeIfAbsent(objectId, k -> new CopyOnWriteArrayList<>()).add(watcher);
        return () -> watchers.computeIfPresent(objectId, (k, list) -> {
            list.remove(watcher);
            return list.isEmpty() ? null : list;
        });
    }

    void publish(Update update) {
        List<Consumer<Update>> list = watchers.get(update.objectId());
        if (list == null || update.entries().isEmpty()) {
            return;
        }
        for (Consumer<Update> w : list) {
            try {
                w.accept(update);
            } catch (RuntimeException e) {
                // A broken watcher (e.g. a cancelled stream) must not disturb the object's progress.
            }
        }
    }
}
