package io.mre.node.lifecycle;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a node's parts in one defined order and stops them in the reverse order: the one place that says what
 * runs before what (docs/architecture.md, "Start and stop"). The parts are built first (by the injector, without
 * side effects beyond opening files); nothing runs until {@link #start()}.
 *
 * <p>A part that fails to start stops every part, in reverse, and the failure is rethrown. Stopping
 * goes on past a part that fails to stop (logged), so one broken part never leaves the store open. Each part stops
 * once, and a second {@link #stop()} waits for the first.
 */
public final class LifecycleManager {
    private static final Logger log = LoggerFactory.getLogger(LifecycleManager.class);

    /** Something that starts (binds, arms, begins polling). */
    @FunctionalInterface
    public interface Start {
        void start() throws Exception;
    }

    /**
     * One part: its name (for logs), how it starts and how it stops.
     *
     * @param name what the logs call it
     * @param start what starting it does (nothing for a part that is ready once built, such as an open store)
     * @param stop what stopping it does; must release everything the part holds
     */
    public record Part(String name, Start start, AutoCloseable stop) {
        public Part {
            requireNonNull(name, "name is null");
            requireNonNull(start, "start is null");
            requireNonNull(stop, "stop is null");
        }

        /** A part that is ready once built and only needs stopping. */
        public static Part stopOnly(String name, AutoCloseable stop) {
            return new Part(name, () -> {}, stop);
        }
    }

    private final List<Part> parts;
    private final Object lock = new Object();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<String> stopOrder = new ArrayList<>();
    private boolean starting;
    private boolean stopping;

    /** {@code parts} in start order; they stop in the reverse one. */
    public LifecycleManager(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    /** The parts' names in start order. */
    public List<String> names() {
        return parts.stream().map(Part::name).toList();
    }

    /** Starts every part in order; on a failure stops every part, in reverse, and rethrows. */
    public void start() {
        synchronized (lock) {
            if (starting || stopping) {
                throw new IllegalStateException("a node starts once");
            }
            starting = true;
        }
        for (Part part : parts) {
            Exception failure;
            // Under the lock: a stop that comes meanwhile waits for this part, then stops it with the others.
            synchronized (lock) {
                if (stopping) {
                    return;
                }
                try {
                    part.start().start();
                    continue;
                } catch (Exception e) {
                    log.error("starting {} failed; stopping the node", part.name());
                    failure = e;
                }
            }
            stop();
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("starting " + part.name() + " failed: " + failure.getMessage(), failure);
        }
    }

    /**
     * Stops every part in reverse order — started or not: each was built, and a built store is open — and returns
     * once all are stopped.
     */
    public void stop() {
        boolean first;
        synchronized (lock) {
            first = !stopping;
            stopping = true;
        }
        if (!first) {
            awaitStopped();
            return;
        }
        try {
            for (Part part : parts.reversed()) {
                try {
                    part.stop().close();
                } catch (Exception e) {
                    log.warn("stopping {} failed", part.name(), e);
                }
                synchronized (stopOrder) {
                    stopOrder.add(part.name());
                }
            }
        } finally {
            stopped.countDown();
        }
    }

    /** The names of the parts stopped so far, in the order they stopped. */
    public List<String> stopOrder() {
        synchronized (stopOrder) {
            return List.copyOf(stopOrder);
        }
    }

    /** Blocks until {@link #stop()} has completed. */
    public void awaitTermination() throws InterruptedException {
        stopped.await();
    }

    private void awaitStopped() {
        boolean interrupted = false;
        while (true) {
            try {
                stopped.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
