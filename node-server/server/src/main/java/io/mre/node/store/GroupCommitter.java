package io.mre.node.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: writes from many threads are queued, and one writer thread takes everything queued so far and
 * hands it to a {@link BatchWriter} as one batch (one synced write), then completes all their futures. A synced
 * write costs about the same for one op as for a hundred, so under concurrency the cost is shared; alone, a write
 * waits for nothing but its own sync.
 *
 * <p>A write may also be queued unsynced ({@link #submitUnsynced}): it is written in order with the others and
 * becomes durable with the next synced batch, or, when none comes within the sync delay, with a sync of its own
 * ({@link Syncer}) — so a write whose loss in a crash only repeats idempotent work does not pay a sync on its
 * caller's path, nor delay other writers' syncs.
 *
 * <p>Futures are completed on the writer thread (a caller waiting on one is woken directly, without another
 * thread in between): callers wait on them, or use the {@code *Async} variants for dependent work.
 *
 * @param <T> the write operation
 */
final class GroupCommitter<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

    /** Writes one batch, all or nothing; durably before it returns when {@code sync}. */
    @FunctionalInterface
    interface BatchWriter<T> {
        void write(List<T> batch, boolean sync) throws Exception;
    }

    /** Makes every batch written so far durable. */
    @FunctionalInterface
    interface Syncer {
        void sync() throws Exception;
    }

    private record Pending<T>(T op, long bytes, boolean sync, CompletableFuture<Void> done) {}

    private final LinkedBlockingQueue<Pending<T>> queue = new LinkedBlockingQueue<>();
    // Guards `closed` against a submit racing close: nothing may be queued behind the stop marker.
    private final ReentrantLock lock = new ReentrantLock();
    private final Pending<T> stop = new Pending<>(null, 0, true, new CompletableFuture<>());
    private final BatchWriter<T> writer;
    private final Syncer syncer;
    private final long syncDelayNanos;
    private final int maxOps;
    private final long maxBytes;
    private final Thread thread;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong ops = new AtomicLong();
    private final AtomicLong syncs = new AtomicLong();
    private boolean closed;

    /**
     * @param syncer makes unsynced batches durable when no synced batch followed them within {@code syncDelay}
     */
    GroupCommitter(
            String threadName, BatchWriter<T> writer, Syncer syncer, Duration syncDelay, int maxOps, long maxBytes) {
        this.writer = requireNonNull(writer, "writer is null");
        this.syncer = requireNonNull(syncer, "syncer is null");
        this.syncDelayNanos = syncDelay.toNanos();
        this.maxOps = maxOps;
        this.maxBytes = maxBytes;
        this.thread = Thread.ofPlatform().name(threadName).daemon(true).unstarted(this::run);
        thread.start();
    }

    /** Queues a write; the future completes after the batch holding it is durable, or fails with its error. */
    CompletableFuture<Void> submit(T op, long bytes) {
        return enqueue(op, bytes, true);
    }

    /**
     * Queues a write that need not be durable at once; the future completes once it is written (readers see it),
     * and it is durable with the next synced batch or, at the latest, a sync after the sync delay.
     */
    CompletableFuture<Void> submitUnsynced(T op, long bytes) {
        return enqueue(op, bytes, false);
    }

    private CompletableFuture<Void> enqueue(T op, long bytes, boolean sync) {
        requireNonNull(op, "op is null");
        CompletableFuture<Void> done = new CompletableFuture<>();
        lock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("the store is closed"));
            }
            queue.add(new Pending<>(op, bytes, sync, done));
        } finally {
            lock.unlock();
        }
        return done;
    }

    /** Batches written so far. */
    long batches() {
        return batches.get();
    }

    /** Operations written so far. */
    long ops() {
        return ops.get();
    }

    /** Syncs of unsynced batches on their own (no synced batch followed them in time). */
    long syncs() {
        return syncs.get();
    }

    /** Refuses new writes, writes everything already queued (and syncs it), and stops the writer thread. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(stop);
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                // Keep waiting: returning early would let the caller close the database under the writer.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Pending<T>> batch = new ArrayList<>();
        boolean stopping = false;
        long syncDue = 0; // when unsynced batches are waiting for a sync: the time to sync them at the latest
        boolean unsynced = false;
        while (!stopping) {
            batch.clear();
            Pending<T> p = unsynced ? pollUntil(syncDue) : takeUninterruptibly();
            if (p == null) {
                sync();
                unsynced = false;
                continue;
            }
            long bytes = 0;
            boolean sync = false;
            while (p != null) {
                if (p == stop) {
                    stopping = true; // the marker is always last: close() queues nothing after it
                    break;
                }
                batch.add(p);
                bytes += p.bytes();
                sync |= p.sync();
                p = batch.size() < maxOps && bytes < maxBytes ? queue.poll() : null;
            }
            if (!batch.isEmpty() && writeBatch(List.copyOf(batch), sync)) {
                if (sync) {
                    unsynced = false; // a synced write makes every write before it durable too
                } else if (!unsynced) {
                    unsynced = true;
                    syncDue = System.nanoTime() + syncDelayNanos;
                }
            }
        }
        if (unsynced) {
            sync();
        }
    }

    private boolean writeBatch(List<Pending<T>> batch, boolean sync) {
        Throwable failure = null;
        try {
            writer.write(batch.stream().map(Pending::op).toList(), sync);
            batches.incrementAndGet();
            ops.addAndGet(batch.size());
        } catch (Throwable t) {
            log.error("parked-object store: a batch of {} writes failed", batch.size(), t);
            failure = t;
        }
        for (Pending<T> p : batch) {
            if (failure == null) {
                p.done().complete(null);
            } else {
                p.done().completeExceptionally(failure);
            }
        }
        return failure == null;
    }

    private void sync() {
        try {
            syncer.sync();
            syncs.incrementAndGet();
        } catch (Throwable t) {
            // The writes stay in the log; the next synced batch syncs them.
            log.error("parked-object store: syncing unsynced writes failed", t);
        }
    }

    private Pending<T> pollUntil(long deadline) {
        while (true) {
            long wait = deadline - System.nanoTime();
            if (wait <= 0) {
                return queue.poll();
            }
            try {
                return queue.poll(wait, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                // Only close() ends this thread, after the queue is drained.
            }
        }
    }

    private Pending<T> takeUninterruptibly() {
        while (true) {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                // Only close() ends this thread, after the queue is drained.
            }
        }
    }
}
