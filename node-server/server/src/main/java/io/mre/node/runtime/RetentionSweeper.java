package io.mre.node.runtime;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops the objects that terminated in this node's custody long enough ago, found by their parked statuses (no
 * object is decoded). Their heads stay, so a late re-delivery is still recognized.
 */
public final class RetentionSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweeper.class);

    private final ParkedObjects parked;
    private final VisitGate gate;
    private final ReentryScheduler scheduler;
    private final InstantSource clock;

    public RetentionSweeper(ParkedObjects parked, VisitGate gate, ReentryScheduler scheduler, InstantSource clock) {
        this.parked = requireNonNull(parked, "parked is null");
        this.gate = requireNonNull(gate, "gate is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Drops, from now on and periodically (every quarter of {@code keep}, between a second and an hour), the
     * objects that terminated more than {@code keep} ago.
     */
    public void keepTerminatedFor(Duration keep) {
        Duration period = keep.dividedBy(4);
        period = period.compareTo(Duration.ofSeconds(1)) < 0
                ? Duration.ofSeconds(1)
                : period.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : period;
        scheduler.every(period, () -> {
            try {
                dropTerminated(keep);
            } catch (RuntimeException e) {
                LOG.warn("dropping terminated objects failed; trying again in a while", e);
            }
        });
    }

    /** Deletes every parked object that terminated more than {@code keep} ago; returns how many. */
    public int dropTerminated(Duration keep) {
        Instant cutoff = clock.instant().minus(keep);
        List<String> expired = new ArrayList<>();
        parked.forEachStatus((id, status) -> {
            if (status.terminatedBefore(cutoff)) {
                expired.add(id);
            }
        });
        int dropped = 0;
        for (String id : expired) {
            // Checked again under the object's lock: it may have been replaced since the scan.
            boolean gone = gate.locked(id, () -> {
                if (!parked.status(id).map(s -> s.terminatedBefore(cutoff)).orElse(false)) {
                    return false;
                }
                parked.delete(id);
                scheduler.disarm(id);
                return true;
            });
            dropped += gone ? 1 : 0;
        }
        if (dropped > 0) {
            LOG.info("dropped {} object(s) that terminated more than {} ago", dropped, keep);
        }
        return dropped;
    }
}
