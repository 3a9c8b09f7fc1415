package io.mre.node.store;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * A stateless node's store. Lookups find nothing (so Get answers NOT_FOUND); a write is a bug in the caller, since
 * acknowledging custody without a durable copy would lose objects, so it fails instead of pretending.
 */
final class NoParkedObjectStore implements ParkedObjectStore {
    @Override
    public CompletableFuture<Void> put(String objectId, byte[] objectBytes, byte[] headHash, byte[] status) {
        requireNonNull(objectId, "objectId is null");
        return CompletableFuture.failedFuture(
                new IllegalStateException("a stateless node parks nothing (object " + objectId + ")"));
    }

    @Override
    public CompletableFuture<Void> putAccepted(String objectId, byte[] objectBytes, byte[] headHash, byte[] status) {
        return put(objectId, objectBytes, headHash, status);
    }

    @Override
    public boolean wasAccepted(String objectId, byte[] headHash) {
        requireNonNull(objectId, "objectId is null");
        return false;
    }

    @Override
    public Optional<byte[]> get(String objectId) {
        requireNonNull(objectId, "objectId is null");
        return Optional.empty();
    }

    @Override
    public Optional<byte[]> status(String objectId) {
        requireNonNull(objectId, "objectId is null");
        return Optional.empty();
    }

    @Override
    public Optional<byte[]> head(String objectId) {
        requireNonNull(objectId, "objectId is null");
        return Optional.empty();
    }

    @Override
    public CompletableFuture<Void> delete(String objectId) {
        requireNonNull(objectId, "objectId is null");
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void forEach(BiConsumer<String, byte[]> consumer) {
        requireNonNull(consumer, "consumer is null");
    }

    @Override
    public void forEachStatus(BiConsumer<String, byte[]> consumer) {
        requireNonNull(consumer, "consumer is null");
    }

    @Override
    public long count() {
        return 0;
    }

    @Override
    public long approximateSizeBytes() {
        return 0;
    }

    @Override
    public void close() {}
}
