package io.mre.it.plugin;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A named gate that {@link GateHandler} calls wait at until the test opens it. Test-only shared state: a handler
 * created by a node's plugin loader and the test that drives the node meet here.
 */
public final class Gate {
    private static final Map<String, Gate> GATES = new ConcurrentHashMap<>();
    /** A forgotten gate must not hang the build. */
    private static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private final Semaphore arrivals = new Semaphore(0);
    private final CountDownLatch open = new CountDownLatch(1);

    private Gate() {}

    /** The gate of that name, created closed on first use. */
    public static Gate named(String name) {
        return GATES.computeIfAbsent(name, n -> new Gate());
    }

    /** Waits until {@code count} handler calls have arrived at the gate. */
    public void awaitArrivals(int count, Duration timeout) throws InterruptedException {
        if (!arrivals.tryAcquire(count, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("fewer than " + count + " calls arrived at the gate within " + timeout);
        }
        arrivals.release(count);
    }

    /** Lets every waiting and future call through. */
    public void open() {
        open.countDown();
    }

    void pass() throws InterruptedException {
        arrivals.release();
        if (!open.await(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("gate never opened");
        }
    }
}
