package io.mre.node.store;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * Where a memory-aware node parks the objects it holds (dormant, or in custody after a delegation): the object's
 * bytes by object id, the head hash the node last accepted for that id, and a short status of the parked object
 * (opaque bytes here; see docs/operating-a-node.md, "Parked-object store") so that a scan at start-up or for
 * retention need not decode whole objects.
 *
 * <p>The store keeps bytes, never progress of its own: everything the node needs to resume is in the
 * object. Heads outlive the objects: after {@link #delete} the node still recognizes a retried delivery of a head
 * it accepted before, and refuses an older or divergent history under the same id (rollback, fork).
 *
 * <p>Writes are durable: their futures complete only once the write is synced to disk, so a node may acknowledge
 * a custody transfer when {@link #putAccepted} completes. Reads see every completed write. Implementations are
 * thread-safe.
 */
public interface ParkedObjectStore extends AutoCloseable {
    /** The status of an object parked without one: whoever reads it decodes the object instead. */
    byte[] NO_STATUS = new byte[0];

    /**
     * Parks (or replaces) an object and records its head.
     *
     * @return completes after a synced write; fails if the write failed (nothing was stored then)
     */
    default CompletableFuture<Void> put(String objectId, byte[] objectBytes, byte[] headHash) {
        return put(objectId, objectBytes, headHash, NO_STATUS);
    }

    /**
     * Parks (or replaces) an object with its head and its status ({@link #NO_STATUS} when unknown: readers then
     * decode the object).
     *
     * @return completes after a synced write; fails if the write failed (nothing was stored then)
     */
    CompletableFuture<Void> put(String objectId, byte[] objectBytes, byte[] headHash, byte[] status);

    /**
     * Parks an object whose custody this node accepts from a peer, and remembers {@code headHash} as a head
     * accepted here for good: a retried delivery of that head is recognized (see {@link #wasAccepted}) even after
     * the object moved on and its bytes were deleted.
     *
     * @return completes after a synced write; fails if the write failed (nothing was stored then)
     */
    default CompletableFuture<Void> putAccepted(String objectId, byte[] objectBytes, byte[] headHash) {
        return putAccepted(objectId, objectBytes, headHash, NO_STATUS);
    }

    /** As {@link #putAccepted(String, byte[], byte[])}, with the object's status (see {@link #put}). */
    CompletableFuture<Void> putAccepted(String objectId, byte[] objectBytes, byte[] headHash, byte[] status);

    /** Whether this node accepted custody of exactly this head of this object at some time ({@link #putAccepted}). */
    boolean wasAccepted(String objectId, byte[] headHash);

    /** The parked object's bytes, if the object is parked here. */
    Optional<byte[]> get(String objectId);

    /** The parked object's status, if the object is parked here ({@link #NO_STATUS} when parked without one). */
    Optional<byte[]> status(String objectId);

    /** The last head accepted for this id, parked or not (kept after {@link #delete}). */
    Optional<byte[]> head(String objectId);

    /**
     * Removes the object's bytes (it left this node's custody); its head is kept.
     *
     * @return completes after a synced write
     */
    CompletableFuture<Void> delete(String objectId);

    /**
     * As {@link #delete}, for bytes whose loss of the delete in a crash only repeats idempotent work (an object
     * handed on whose peer acknowledged it: brought back, the hand-off is re-delivered and the peer acknowledges it
     * as a duplicate). The delete is written in order with the other writes (readers see it once the future
     * completes) and becomes durable with the next synced write, or with a sync of its own shortly after; its
     * caller does not wait for a sync.
     *
     * @return completes once written, not necessarily synced
     */
    default CompletableFuture<Void> deleteUnsynced(String objectId) {
        return delete(objectId);
    }

    /**
     * Calls {@code consumer} with every parked object (id, bytes), e.g. to re-arm reentry timers at start-up. The
     * consumer sees a consistent snapshot and must not close the store.
     */
    void forEach(BiConsumer<String, byte[]> consumer);

    /**
     * Calls {@code consumer} with every parked object's id and status ({@link #NO_STATUS} for an object parked
     * without one, e.g. by an older node): a scan that reads no object bytes. Same snapshot rules as {@link #forEach}.
     */
    void forEachStatus(BiConsumer<String, byte[]> consumer);

    /** The number of parked objects. */
    long count();

    /** The store's approximate size on disk and in memory, in bytes. */
    long approximateSizeBytes();

    /** Completes the writes already accepted, then releases the store. Later calls fail. */
    @Override
    void close();

    /** The store of a stateless node: it parks nothing, knows no head, and refuses writes. */
    static ParkedObjectStore none() {
        return new NoParkedObjectStore();
    }
}
