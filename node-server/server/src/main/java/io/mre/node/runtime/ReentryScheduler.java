package io.mre.node.runtime;

import io.mre.engine.time.Timestamps;
import io.mre.proto.v1.ReentryCondition;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Timers armed from the parked objects themselves: the earliest time condition of a dormant object, or "soon"
 * for an object in custody. Nothing about progress is kept here; after a restart the timers are re-armed by
 * scanning the store.
 */
public final class ReentryScheduler implements AutoCloseable {
    private final InstantSource clock;
    private final Consumer<String> wake;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("mre-reentry").daemon().factory());
    private final java.util.concurrent.ExecutorService visits = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("mre-visit-", 0).factory());
    private final Map<String, Timer> armed = new ConcurrentHashMap<>();

    public ReentryScheduler(InstantSource clock, Consumer<String> wake) {
        this.clock = clock;
        this.wake = wake;
    }

    /** Arms a timer at the earliest {@code at} condition; signal-only objects wait without a timer. */
    void arm(String objectId, List<ReentryCondition> pending) {
        Instant earliest = null;
        for (ReentryCondition c : pending) {
            if (c.hasAt()) {
                Instant at = Timestamps.toInstant(c.getAt());
                earliest = earliest == null || at.isBefore(earliest) ? at : earliest;
            }
        }
        armAt(objectId, java.util.Optional.ofNullable(earliest));
    }

    /** Arms a timer at {@code at}; without one, the object waits for a signal and any timer is disarmed. */
    void armAt(String objectId, java.util.Optional<Instant> at) {
        if (at.isEmpty()) {
            disarm(objectId);
            return;
        }
        schedule(
                objectId,
                Math.max(0, Duration.between(clock.instant(), at.get()).toMillis()));
    }

    /** Arms what wakes a parked object of this status: its timer (dormant), at once (active), nothing (ended). */
    void follow(String objectId, ParkedStatus status) {
        switch (status.lifecycle()) {
            case DORMANT -> armAt(objectId, status.nextTimer());
            case ACTIVE -> resumeSoon(objectId);
            case TERMINATED -> disarm(objectId);
        }
    }

    void resumeSoon(String objectId) {
        schedule(objectId, 0);
    }

    /** Runs {@code visit} on a visit thread now (no timer involved). */
    void visitSoon(Runnable visit) {
        visits.execute(visit);
    }

    void resumeLater(String objectId, Duration delay) {
        schedule(objectId, delay.toMillis());
    }

    void disarm(String objectId) {
        Timer timer = armed.remove(objectId);
        if (timer != null) {
            timer.cancel();
        }
    }

    /** Runs {@code task} every {@code period} (first after one period) until closed. */
    void every(Duration period, Runnable task) {
        timers.scheduleWithFixedDelay(task, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    int armed() {
        return armed.size();
    }

    private void schedule(String objectId, long delayMillis) {
        // The timer is in the map before its task can run (a zero delay may fire at once): the task then always
        // finds and removes its own entry, and never leaves a fired timer counted as armed.
        Timer timer = new Timer();
        Timer previous = armed.put(objectId, timer);
        if (previous != null) {
            previous.cancel();
        }
        timer.start(timers.schedule(
                () -> {
                    if (armed.remove(objectId, timer) && !timer.cancelled) {
                        visits.execute(() -> wake.accept(objectId));
                    }
                },
                delayMillis,
                TimeUnit.MILLISECONDS));
    }

    /** One object's timer: cancelled before or after its future exists. */
    private static final class Timer {
        private volatile boolean cancelled;
        private volatile ScheduledFuture<?> future;

        void start(ScheduledFuture<?> scheduled) {
            future = scheduled;
            if (cancelled) {
                scheduled.cancel(false);
            }
        }

        void cancel() {
            cancelled = true;
            ScheduledFuture<?> f = future;
            if (f != null) {
                f.cancel(false);
            }
        }
    }

    @Override
    public void close() {
        timers.shutdownNow();
        visits.shutdown();
        try {
            visits.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
