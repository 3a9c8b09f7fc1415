package io.mre.node.runtime;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a restart, re-arms the timers of dormant objects and resumes those in custody, from the statuses parked
 * beside the objects: no object is decoded (except one parked by an older node without a status).
 */
public final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final ParkedObjects parked;
    private final ReentryScheduler scheduler;

    public Recovery(ParkedObjects parked, ReentryScheduler scheduler) {
        this.parked = requireNonNull(parked, "parked is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
    }

    /** Arms every parked object's timer or resumption; returns how many objects are parked. */
    public int recover() {
        AtomicInteger count = new AtomicInteger();
        parked.forEachStatus((id, status) -> {
            count.incrementAndGet();
            scheduler.follow(id, status);
        });
        LOG.info("recovered {} parked object(s); {} timer(s) armed", count.get(), scheduler.armed());
        return count.get();
    }
}
