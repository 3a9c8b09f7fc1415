package io.mre.node.runtime;

import static java.util.Objects.requireNonNull;

import io.mre.engine.MreException;
import io.mre.errors.ErrorCode;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Admission of work into the runtime: a bound on the visits (and verifications) running at once, and one lock per
 * object (striped) so that a node never runs two visits of the same object at once. Callers' permissions are
 * checked apart, by {@link Admission}.
 */
public final class VisitGate {
    private final String nodeId;
    private final Semaphore permits;
    private final ObjectLocks locks = new ObjectLocks(1024);

    public VisitGate(String nodeId, RuntimeSettings settings) {
        this.nodeId = requireNonNull(nodeId, "nodeId is null");
        this.permits = new Semaphore(settings.maxConcurrentEvaluations());
    }

    /** Runs {@code work} holding a permit; OVERLOADED at once when none is free. */
    public <T> T withPermit(Supplier<T> work) {
        if (!permits.tryAcquire()) {
            throw new MreException(
                    ErrorCode.OVERLOADED, "node " + nodeId + " is at its limit of concurrent evaluations; retry later");
        }
        try {
            return work.get();
        } finally {
            permits.release();
        }
    }

    /** Runs {@code work} holding the object's lock. */
    public <T> T locked(String objectId, Supplier<T> work) {
        ReentrantLock lock = locks.of(objectId);
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code work} without this thread's hold on the object's lock, and takes it back afterwards. */
    public <T> T unlocked(String objectId, Supplier<T> work) {
        ReentrantLock lock = locks.of(objectId);
        int holds = lock.getHoldCount();
        for (int i = 0; i < holds; i++) {
            lock.unlock();
        }
        try {
            return work.get();
        } finally {
            for (int i = 0; i < holds; i++) {
                lock.lock();
            }
        }
    }
}
