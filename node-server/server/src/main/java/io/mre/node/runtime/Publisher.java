package io.mre.node.runtime;

import com.google.protobuf.InvalidProtocolBufferException;
import io.mre.engine.Visit;
import io.mre.engine.fold.FoldedState;
import io.mre.engine.verify.VerifiedObject;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.EntryEnvelope;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells an object's watchers what happens to it here — entries appended, the object arriving, the hand-off that
 * takes it away — and remembers the hand-offs for watchers that come later. Called under the object's lock.
 */
public final class Publisher {
    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);

    /**
     * The hand-offs remembered for watchers that arrive after an object left (each with the object's header,
     * context and intent, for the caller's admission: a few KiB at most).
     */
    private static final int DEPARTURES_KEPT = 20_000;

    private final EntryFeed feed = new EntryFeed();
    private final Departures departures = new Departures(DEPARTURES_KEPT);

    public Publisher() {}

    /** Publishes what a visit appended, if anything. */
    public void appended(Visit visit) {
        if (visit.appended().isEmpty()) {
            return;
        }
        long first = visit.state().entries() - visit.appended().size();
        if (LOG.isDebugEnabled()) {
            // The W3C trace id travels in the object's context; each entry is a span of that trace.
            String traceparent = visit.object().object().getContext().getTrace().getTraceparent();
            String traceId = traceparent.length() >= 35 ? traceparent.substring(3, 35) : "-";
            for (EntryEnvelope envelope : visit.appended()) {
                try {
                    Entry e = Entry.parseFrom(envelope.getEntry());
                    LOG.debug(
                            "trace={} span={} object={} seq={} action={} step={} verdict={}",
                            traceId,
                            e.getSpanId(),
                            e.getObjectId(),
                            e.getSeq(),
                            e.getAction(),
                            e.getStepId(),
                            e.getDecision().getVerdict());
                } catch (InvalidProtocolBufferException ex) {
                    // this node just wrote it
                }
            }
        }
        feed.publish(new EntryFeed.Update(
                visit.object().objectId(),
                first,
                visit.appended(),
                ObjectStatuses.of(visit.object().objectId(), visit.state())));
    }

    /**
     * Tells the object's watchers about an object that arrived (custody accepted, or returned by a stateless
     * journey): its whole history, of which each watcher sends the entries it has not sent yet.
     */
    public void arrived(VerifiedObject arrived, FoldedState state) {
        if (!feed.watched(arrived.objectId())) {
            return;
        }
        feed.publish(new EntryFeed.Update(
                arrived.objectId(),
                0,
                arrived.object().getMemory().getEntriesList(),
                ObjectStatuses.of(arrived.objectId(), state)));
    }

    /** Remembers where an object went and tells its watchers. */
    public void departed(Departures.Departure departure) {
        if (departures.record(departure)) {
            feed.moved(departure);
        }
    }

    /** Where the object went, if this node handed it on (since it started, and not long ago). */
    public Optional<Departures.Departure> departure(String objectId) {
        return departures.of(objectId);
    }

    /** Streams the object's new entries and its departure to {@code watcher}; returns the unsubscribe action. */
    public Runnable subscribe(String objectId, EntryFeed.Watcher watcher) {
        return feed.subscribe(objectId, watcher);
    }
}
