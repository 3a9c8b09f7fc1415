package io.mre.node.runtime;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Objects this node verified and parked on accepting custody, kept for the visit that follows milliseconds later:
 * that visit reads the parked bytes back and would otherwise check every signature of the history a second time.
 * A kept verification is handed out only for exactly the bytes it was made of (anything else — a later write, a
 * changed file — is verified afresh), at most once, and the cache is bounded both in entries and in the bytes it
 * holds: when full, the oldest are dropped (their visit simply verifies again).
 *
 * @param <V> the verification kept (the engine's verified object)
 */
final class RecentlyVerified<V> {
    private record Kept<V>(V verified, byte[] bytes) {}

    private final int maxEntries;
    private final long maxBytes;
    private final LinkedHashMap<String, Kept<V>> kept = new LinkedHashMap<>();
    private long bytesHeld;

    RecentlyVerified(int maxEntries, long maxBytes) {
        if (maxEntries < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("bounds must not be negative: " + maxEntries + ", " + maxBytes);
        }
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /** Keeps {@code verified}, the verification of exactly {@code bytes}, for {@code objectId}'s next visit. */
    synchronized void keep(String objectId, V verified, byte[] bytes) {
        requireNonNull(verified, "verified is null");
        drop(objectId);
        if (maxEntries == 0 || bytes.length > maxBytes) {
            return;
        }
        while (kept.size() >= maxEntries || bytesHeld + bytes.length > maxBytes) {
            drop(kept.keySet().iterator().next());
        }
        kept.put(objectId, new Kept<>(verified, bytes));
        bytesHeld += bytes.length;
    }

    /** The kept verification of {@code objectId} if it was made of exactly {@code bytes}; forgotten either way. */
    synchronized Optional<V> take(String objectId, byte[] bytes) {
        Kept<V> k = kept.get(objectId);
        if (k == null) {
            return Optional.empty();
        }
        drop(objectId);
        return Arrays.equals(k.bytes(), bytes) ? Optional.of(k.verified()) : Optional.empty();
    }

    synchronized int size() {
        return kept.size();
    }

    synchronized long bytesHeld() {
        return bytesHeld;
    }

    private void drop(String objectId) {
        Kept<V> removed = kept.remove(objectId);
        if (removed != null) {
            bytesHeld -= removed.bytes().length;
        }
    }

    @Override
    public synchronized String toString() {
        return "RecentlyVerified[" + kept.size() + " objects, " + bytesHeld + " bytes]";
    }

    /** For tests: the ids kept, oldest first. */
    synchronized Map<String, Integer> sizes() {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        kept.forEach((id, k) -> sizes.put(id, k.bytes().length));
        return sizes;
    }
}
