package io.mre.node.runtime;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import io.mre.engine.MreException;
import io.mre.proto.v1.DelegateResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * What a node that keeps nothing remembers, in memory only, of the journeys it relayed: a sender that did not hear
 * the answer (its call broke, it restarted) delivers the same head again, and must get the first journey's answer,
 * not a second run of it — a second run appends other entries and may take another route, and two histories of one
 * object would then be in custody. Per delivered head it keeps:
 * <ul>
 *   <li>a journey still running: a re-delivery waits for it and gets its answer;
 *   <li>the answer of one that ended: a re-delivery gets it again;
 *   <li>a hand-off onward that may have reached its peer although the call failed ({@link HandOff.Unsettled}): a
 *       re-delivery sends that same DELEGATE head to that same peer again, which acknowledges a duplicate if it
 *       took it.
 * </ul>
 * A journey that failed otherwise (nothing left this node) is forgotten, so a re-delivery runs it again. Entries
 * older than {@link #KEEP} are dropped, and at most {@link #MAX_ENTRIES} are kept (oldest first out). A restart
 * forgets everything: a head delivered again after that runs again (docs/operating-a-node.md, section 5.4).
 */
final class RelayMemory {
    static final Duration KEEP = Duration.ofMinutes(10);
    static final int MAX_ENTRIES = 4096;

    /** One relay of a delivered head: {@code earlier} when an earlier run left a hand-off unsettled. */
    interface Journey {
        DelegateResponse run(Optional<HandOff.Unsettled> earlier, Consumer<HandOff.Unsettled> unsettled);
    }

    private record Key(String objectId, ByteString head) {}

    private static final class Slot {
        final Instant created;
        CompletableFuture<DelegateResponse> running;
        DelegateResponse answer;
        HandOff.Unsettled unsettled;

        Slot(Instant created) {
            this.created = created;
        }
    }

    private final InstantSource clock;
    private final LinkedHashMap<Key, Slot> slots = new LinkedHashMap<>();

    RelayMemory(InstantSource clock) {
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Runs {@code journey} for the delivered head unless a run of it is under way or remembered (see above). */
    DelegateResponse once(String objectId, ByteString head, Journey journey) {
        Key key = new Key(objectId, head);
        CompletableFuture<DelegateResponse> mine = new CompletableFuture<>();
        CompletableFuture<DelegateResponse> theirs;
        HandOff.Unsettled earlier;
        synchronized (slots) {
            expire();
            Slot slot = slots.computeIfAbsent(key, k -> new Slot(clock.instant()));
            if (slot.answer != null) {
                return slot.answer;
            }
            theirs = slot.running;
            if (theirs == null) {
                slot.running = mine;
            }
            earlier = slot.unsettled;
        }
        if (theirs != null) {
            return await(theirs);
        }
        try {
            DelegateResponse answer = journey.run(Optional.ofNullable(earlier), u -> remember(key, u));
            synchronized (slots) {
                Slot slot = slots.get(key);
                if (slot != null) {
                    slot.running = null;
                    slot.unsettled = null;
                    slot.answer = answer;
                }
            }
            mine.complete(answer);
            return answer;
        } catch (RuntimeException | Error e) {
            synchronized (slots) {
                Slot slot = slots.get(key);
                if (slot != null) {
                    slot.running = null;
                    if (slot.unsettled == null) {
                        slots.remove(key); // nothing may have left this node: a re-delivery runs it again
                    }
                }
            }
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** How many delivered heads are remembered (running, answered or unsettled). */
    int size() {
        synchronized (slots) {
            expire();
            return slots.size();
        }
    }

    private void remember(Key key, HandOff.Unsettled unsettled) {
        synchronized (slots) {
            Slot slot = slots.get(key);
            if (slot != null) {
                slot.unsettled = unsettled;
            }
        }
    }

    private void expire() {
        Instant oldest = clock.instant().minus(KEEP);
        Iterator<Map.Entry<Key, Slot>> it = slots.entrySet().iterator();
        while (it.hasNext()) {
            Slot slot = it.next().getValue();
            boolean tooMany = slots.size() > MAX_ENTRIES;
            if (slot.running == null && (tooMany || slot.created.isBefore(oldest))) {
                it.remove();
            } else if (!tooMany && !slot.created.isBefore(oldest)) {
                return; // insertion order: the rest are younger
            }
        }
    }

    private static DelegateResponse await(CompletableFuture<DelegateResponse> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof MreException m) {
                throw m;
            }
            throw e;
        }
    }
}
