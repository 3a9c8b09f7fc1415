package io.mre.node.store;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
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
 * @param <T> the write operation
 */
final class GroupCommitter<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

    /** Writes one batch durably, all or nothing. */
    @FunctionalInterface
    interface BatchWriter<T> {
        void write(List<T> batch) throws Exception;
    }

    private record Pending<T>(T op, long bytes, CompletableFuture<Void> done) {}

    private final LinkedBlockingQueue<Pending<T>> queue = new LinkedBlockingQueue<>();
    // Guards `closed` against a submit racing close: nothing may be queued behind the stop marker.
    private final ReentrantLock lock = new ReentrantLock();
    private final Pending<T> stop = new Pending<>(null, 0, new CompletableFuture<>());
    private final BatchWriter<T> writer;
    private final Executor completions;
    private final int maxOps;
    private final long maxBytes;
    private final Thread thread;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong ops = new AtomicLong();
    private boolean closed;

    /**
     * @param completions runs the completion of each batch's futures, so that callers' dependent stages never
     *     delay the next batch on the writer thread
     */
    GroupCommitter(String threadName, BatchWriter<T> writer, Executor completions, int maxOps, long maxBytes) {
        this.writer = requireNonNull(writer, "writer is null");
        this.completions = requireNonNull(completions, "completions is null");
        this.maxOps = maxOps;
        this.maxBytes = maxBytes;
        this.thread = Thread.ofPlatform().name(threadName).daemon(true).unstarted(this::run);
        thread.start();
    }

    /** Queues a write; the future completes after the batch holding it is durable, or fails with its error. */
    CompletableFuture<Void> submit(T op, long bytes) {
        requireNonNull(op, "op is null");
        CompletableFuture<Void> done = new CompletableFuture<>();
        lock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("the store is closed"));
            }
            queue.add(new Pending<>(op, bytes, done));
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

    /** Refuses new writes, writes everything already queued, and stops the writer thread. */
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
        while (!stopping) {
            batch.clear();
            Pending<T> p = takeUninterruptibly();
            long bytes = 0;
            while (p != null) {
                if (p == stop) {
                    stopping = true; // the marker is always last: close() queues nothing after it
                    break;
                }
                batch.add(p);
                bytes += p.bytes();
                p = batch.size() < maxOps && bytes < maxBytes ? queue.poll() : null;
            }
            if (!batch.isEmpty()) {
                writeBatch(List.copyOf(batch));
            }
        }
    }

    private void writeBatch(List<Pending<T>> batch) {
        Throwable failure = null;
        try {
            writer.write(batch.stream().map(Pending::op).toList());
            batches.incrementAndGet();
            ops.addAndGet(batch.size());
        } catch (Throwable t) {
            log.error("parked-object store: a batch of {} writes failed", batch.size(), t);
            failure = t;
        }
        Throwable error = failure;
        completions.execute(() -> {
            for (Pending<T> p : batch) {
                if (error == null) {
                    p.done().complete(null);
                } else {
                    p.done().completeExceptionally(error);
                }
            }
        });
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
