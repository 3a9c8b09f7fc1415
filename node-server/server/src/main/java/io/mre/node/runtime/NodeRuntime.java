package io.mre.node.runtime;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import io.mre.engine.Engine;
import io.mre.engine.Explanation;
import io.mre.engine.MreException;
import io.mre.engine.Visit;
import io.mre.engine.VisitInput;
import io.mre.engine.codec.Digests;
import io.mre.engine.time.Timestamps;
import io.mre.engine.verify.VerifiedObject;
import io.mre.errors.ErrorCode;
import io.mre.node.store.ParkedObjectStore;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.CallerRef;
import io.mre.proto.v1.DelegateResponse;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.NodeRef;
import io.mre.proto.v1.ObjectStatus;
import io.mre.proto.v1.SignalRecord;
import io.mre.spi.PeerView;
import io.mre.spi.Reentry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node does with objects, independent of gRPC: submit, custody transfer (both sides), signals, cancel,
 * get, evaluate, watch. Memory-aware nodes park objects (dormant, in custody, terminated) in the store and wake
 * them with timers; stateless nodes keep nothing and hand every object back to its caller.
 */
public final class NodeRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(NodeRuntime.class);

    /**
     * An object after a node's visit, with its short status; {@code custodyWithCaller} when no node kept it (it
     * ended at stateless nodes), so whoever called must hold it.
     */
    public record Result(ExecutableObject object, ObjectStatus status, boolean custodyWithCaller) {}

    private final Engine engine;
    private final ParkedObjectStore store;
    private final boolean memoryAware;
    private final CustodyTransfer transfer;
    private final Duration handoffTimeout;
    private final Semaphore permits;
    private final InstantSource clock;
    private final ObjectLocks locks = new ObjectLocks(1024);
    private final EntryFeed feed = new EntryFeed();
    private final Departures departures = new Departures(DEPARTURES_KEPT);
    private final NodeRef self;
    private final ReentryScheduler scheduler;
    private final RuntimeEvents events;

    public NodeRuntime(Engine engine, ParkedObjectStore store, boolean memoryAware, CustodyTransfer transfer,
            Duration handoffTimeout, int maxConcurrentEvaluations, InstantSource clock) {
        this(engine, store, memoryAware, transfer, handoffTimeout, maxConcurrentEvaluations, clock,
                RuntimeEvents.NONE);
    }

    public NodeRuntime(Engine engine, ParkedObjectStore store, boolean memoryAware, CustodyTransfer transfer,
            Duration handoffTimeout, int maxConcurrentEvaluations, InstantSource clock, RuntimeEvents events) {
        this.events = requireNonNull(events, "events is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.store = requireNonNull(store, "store is null");
        this.memoryAware = memoryAware;
        this.transfer = requireNonNull(transfer, "transfer is null");
        this.handoffTimeout = requireNonNull(handoffTimeout, "handoffTimeout is null");
        this.permits = new Semaphore(maxConcurrentEvaluations);
        this.clock = requireNonNull(clock, "clock is null");
        this.self = NodeRef.newBuilder().setNodeId(engine.self().nodeId())
                .setTrustDomain(engine.self().trustDomain()).build();
        this.scheduler = new ReentryScheduler(clock, this::wake);
    }

    public Engine engine() {
        return engine;
    }

    public boolean memoryAware() {
        return memoryAware;
    }

    /** Re-arms timers and resumes objects in custody after a restart (memory-aware only). */
    public int recover() {
        if (!memoryAware) {
            return 0;
        }
        int[] count = {0};
        List<Map.Entry<String, byte[]>> batch = new ArrayList<>(RECOVERY_BATCH);
        store.forEach((id, bytes) -> {
            count[0]++;
            batch.add(Map.entry(id, bytes));
            if (batch.size() == RECOVERY_BATCH) {
                rearm(batch);
                batch.clear();
            }
        });
        rearm(batch);
        LOG.info("recovered {} parked object(s); {} timer(s) armed", count[0], scheduler.armed());
        return count[0];
    }

    /** Decodes parked objects on every core (each fold is independent) and arms their timers. */
    private void rearm(List<Map.Entry<String, byte[]>> batch) {
        batch.parallelStream().forEach(e -> {
            try {
                ParkedObject parked = ParkedObject.parse(e.getValue());
                switch (parked.state().lifecycle()) {
                    case DORMANT -> scheduler.arm(e.getKey(), parked.state().pending());
                    case ACTIVE -> scheduler.resumeSoon(e.getKey());
                    case TERMINATED -> { }
                }
            } catch (RuntimeException x) {
                LOG.warn("parked object {} could not be read at recovery: {}", e.getKey(), x.toString());
            }
        });
    }

    /** Runs a client's object: verify, run cycles, then park, hand on or return it. */
    public Result submit(ExecutableObject object, Admission admission) {
        return withPermit(() -> {
            VerifiedObject verified = engine.verify(object);
            admission.check(object, verified.fold().state(object.getIntent()));
            if (verified.entries().isEmpty()) {
                engine.requireRunnable(object.getIntent()); // verify already checked it is well-formed
            }
            requireNotDelegatedElsewhere(verified);
            return locked(verified.objectId(), () -> {
                refuseFork(verified);
                return settle(engine.run(verified, VisitInput.NONE), false);
            });
        });
    }

    /**
     * Receives custody from a peer: verify, persist durably, acknowledge; then run (synchronously for a relay, on
     * another thread otherwise).
     */
    public DelegateResponse accept(ExecutableObject object, boolean relay, Optional<String> callerDomain) {
        return accept(object, relay, callerDomain, scheduler::visitSoon);
    }

    /**
     * As {@link #accept(ExecutableObject, boolean, Optional)}, but a memory-aware node's visit of the object it
     * accepted (not a relay) is handed to {@code then} instead of another thread: the caller runs it once it has
     * sent the acknowledgement. The visit starts from the verification done on accepting (no read-back, no second
     * verification, no thread hop); it runs only if the object is still exactly as accepted when it starts.
     */
    public DelegateResponse accept(ExecutableObject object, boolean relay, Optional<String> callerDomain,
            Consumer<Runnable> then) {
        return withPermit(() -> {
            VerifiedObject verified = engine.verify(object);
            Entry last = verified.entries().isEmpty() ? null : verified.entries().get(verified.entries().size() - 1);
            if (last == null || last.getAction() != Action.ACTION_DELEGATE
                    || !last.getDelegate().getTarget().equals(self)) {
                throw new MreException(ErrorCode.WRONG_CUSTODIAN, "object " + verified.objectId()
                        + " is not delegated to " + self.getNodeId() + "@" + self.getTrustDomain(),
                        Map.of("object_id", verified.objectId()));
            }
            if (callerDomain.isPresent() && !callerDomain.get().equals(last.getNode().getTrustDomain())) {
                throw new MreException(ErrorCode.UNTRUSTED_PEER, "peer of domain " + callerDomain.get()
                        + " delivers an object delegated by domain " + last.getNode().getTrustDomain(),
                        Map.of("object_id", verified.objectId()));
            }
            return locked(verified.objectId(), () -> {
                DelegateResponse.Builder ack = DelegateResponse.newBuilder().setReceiver(self)
                        .setAcceptedHead(verified.headHash());
                if (memoryAware) {
                    if (alreadyAccepted(verified)) {
                        return ack.setDuplicate(true).build();
                    }
                    refuseFork(verified);
                    parkAccepted(verified);
                    publishArrival(verified);
                }
                if (relay || !memoryAware) {
                    Result result = settle(engine.run(verified, VisitInput.NONE), true);
                    return ack.setResult(result.object()).setStatus(result.status())
                            .setCustodyReturned(result.custodyWithCaller()).build();
                }
                then.accept(() -> visitAccepted(verified));
                return ack.build();
            });
        });
    }

    /** The visit of an object this node just accepted, from the verification done on accepting it. */
    private void visitAccepted(VerifiedObject accepted) {
        String objectId = accepted.objectId();
        try {
            withPermit(() -> locked(objectId, () -> {
                if (!isHead(objectId, accepted.headHash())) {
                    return null; // it moved on meanwhile (e.g. a signal, a cancel, a wake-up): nothing left to do here
                }
                return settle(engine.run(accepted, VisitInput.NONE), false);
            }));
        } catch (MreException e) {
            LOG.warn("object {} could not start its visit: {}", objectId, e.getMessage());
            scheduler.resumeLater(objectId, Duration.ofMillis(e.code() == ErrorCode.OVERLOADED ? 200 : 1000));
        } catch (RuntimeException e) {
            LOG.warn("object {} could not start its visit", objectId, e);
        }
    }

    /** Records a signal for a parked object (memory-aware) and runs it if the signal wakes it. */
    public Result signal(String objectId, String name, Struct payload, CallerRef sender, Admission admission) {
        SignalRecord record = signalRecord(name, payload, sender);
        return withPermit(() -> locked(objectId, () -> {
            ParkedObject parked = load(objectId);
            admission.check(parked.object(), parked.state());
            VerifiedObject verified = engine.verify(parked.object());
            requireNotTerminated(verified);
            requireNotInTransit(verified);
            return settle(engine.run(verified, VisitInput.signal(record)), false);
        }));
    }

    /** Records a signal on an object given inline (stateless mode) and returns it. */
    public Result signal(ExecutableObject object, String name, Struct payload, CallerRef sender,
            Admission admission) {
        SignalRecord record = signalRecord(name, payload, sender);
        return withPermit(() -> {
            VerifiedObject verified = engine.verify(object);
            admission.check(object, verified.fold().state(object.getIntent()));
            requireNotTerminated(verified);
            return locked(verified.objectId(), () -> settle(engine.run(verified, VisitInput.signal(record)), false));
        });
    }

    /**
     * Cancels a parked object, or one given inline; the TERMINATE entry names {@code caller} (as its TLS session
     * proved it) apart from the {@code reason} text.
     */
    public Result cancel(Optional<String> objectId, Optional<ExecutableObject> inline, String reason,
            CallerRef caller, Admission admission) {
        return withPermit(() -> {
            if (inline.isPresent()) {
                VerifiedObject verified = engine.verify(inline.get());
                admission.check(inline.get(), verified.fold().state(inline.get().getIntent()));
                return cancelVerified(verified, reason, caller);
            }
            String id = objectId.orElseThrow();
            return locked(id, () -> {
                ParkedObject parked = load(id);
                admission.check(parked.object(), parked.state());
                return cancelVerified(engine.verify(parked.object()), reason, caller);
            });
        });
    }

    private Result cancelVerified(VerifiedObject verified, String reason, CallerRef caller) {
        requireNotTerminated(verified);
        requireNotInTransit(verified);
        return locked(verified.objectId(), () -> settle(engine.run(verified,
                VisitInput.cancel(reason.isBlank() ? "on request" : reason, caller)), false));
    }

    /** A parked object. */
    public Result get(String objectId, Admission admission) {
        ParkedObject parked = load(objectId);
        admission.check(parked.object(), parked.state());
        return new Result(parked.object(), ObjectStatuses.of(objectId, parked.state()), false);
    }

    /** What this node would do next with an object (dry run). */
    public Explanation evaluate(ExecutableObject object, Admission admission) {
        VerifiedObject verified = engine.verify(object);
        admission.check(object, verified.fold().state(object.getIntent()));
        return engine.explain(verified);
    }

    /** What this node would do next with a parked object (dry run). */
    public Explanation evaluate(String objectId, Admission admission) {
        ParkedObject parked = load(objectId);
        admission.check(parked.object(), parked.state());
        return engine.explain(engine.verify(parked.object()));
    }

    /**
     * Streams an object's entries from {@code fromSeq}, then its new entries, then where it went when it leaves;
     * returns the unsubscribe action. An object this node no longer holds because it handed it on is answered with
     * that hand-off at once; a terminated one with its entries from {@code fromSeq} (possibly none) and its status.
     * The caller is admitted on the object held, or on what the node remembers of one it handed on.
     */
    public Runnable watch(String objectId, long fromSeq, EntryFeed.Watcher watcher, Admission admission) {
        // Under the object's lock, where every append, arrival and departure is published: nothing falls between
        // the state read here and the subscription, and nothing arrives before the history.
        return locked(objectId, () -> {
            Optional<byte[]> bytes = memoryAware ? store.get(objectId) : Optional.empty();
            if (bytes.isEmpty()) {
                Optional<Departures.Departure> gone = departures.of(objectId);
                if (gone.isPresent()) {
                    ParkedObject left = ParkedObject.parse(gone.get().summary().toByteArray());
                    admission.check(left.object(), left.state());
                    watcher.moved(gone.get());
                    return () -> { };
                }
            }
            ParkedObject parked = bytes.map(ParkedObject::parse).orElseGet(() -> load(objectId));
            admission.check(parked.object(), parked.state());
            List<EntryEnvelope> entries = parked.object().getMemory().getEntriesList();
            ObjectStatus status = ObjectStatuses.of(objectId, parked.state());
            if (fromSeq < entries.size() || parked.state().lifecycle() == io.mre.spi.Lifecycle.TERMINATED) {
                watcher.entries(new EntryFeed.Update(objectId, fromSeq,
                        fromSeq < entries.size() ? entries.subList((int) fromSeq, entries.size()) : List.of(), status));
            }
            return parked.state().lifecycle() == io.mre.spi.Lifecycle.TERMINATED ? () -> { }
                    : feed.subscribe(objectId, watcher);
        });
    }

    /**
     * Drops, from now on and periodically (every quarter of {@code keep}, between a second and an hour), the
     * objects that terminated in this node's custody more than {@code keep} ago. Memory-aware nodes only.
     */
    public void keepTerminatedFor(Duration keep) {
        if (!memoryAware) {
            return;
        }
        Duration period = keep.dividedBy(4);
        period = period.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : period.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : period;
        scheduler.every(period, () -> {
            try {
                dropTerminated(keep);
            } catch (RuntimeException e) {
                LOG.warn("dropping terminated objects failed; trying again in a while", e);
            }
        });
    }

    /**
     * Deletes the bytes of every parked object that terminated more than {@code keep} ago (its heads stay, so a late
     * re-delivery is still recognized); returns how many.
     */
    public int dropTerminated(Duration keep) {
        Instant cutoff = clock.instant().minus(keep);
        List<String> expired = new ArrayList<>();
        store.forEach((id, bytes) -> {
            if (terminatedBefore(bytes, cutoff)) {
                expired.add(id);
            }
        });
        int dropped = 0;
        for (String id : expired) {
            boolean gone = locked(id, () -> {
                Optional<byte[]> bytes = store.get(id);
                if (bytes.isEmpty() || !terminatedBefore(bytes.get(), cutoff)) {
                    return false;
                }
                store.delete(id).join();
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

    private static boolean terminatedBefore(byte[] parked, Instant cutoff) {
        try {
            ExecutableObject object = ExecutableObject.parseFrom(parked);
            int n = object.getMemory().getEntriesCount();
            if (n == 0) {
                return false;
            }
            Entry last = Entry.parseFrom(object.getMemory().getEntries(n - 1).getEntry());
            return last.getAction() == Action.ACTION_TERMINATE
                    && Timestamps.toInstant(last.getTime()).isBefore(cutoff);
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
    }

    /** Stops timers. The store is closed by its owner. */
    public void close() {
        scheduler.close();
    }

    /** Number of armed reentry timers. */
    public int armedTimers() {
        return scheduler.armed();
    }

    // --- after a visit -------------------------------------------------------------------------------------

    private Result settle(Visit visit, boolean relay) {
        Set<String> unavailable = new HashSet<>();
        while (true) {
            // Watchers hear of entries once they are durable: one told the object terminated may Get it at once.
            events.visited(visit);
            if (visit.exit() != Visit.Exit.DELEGATED) {
                if (memoryAware) {
                    park(visit.object());
                    switch (visit.exit()) {
                        case DORMANT -> scheduler.arm(visit.object().objectId(), visit.state().pending());
                        case BUDGET_SPENT -> scheduler.resumeSoon(visit.object().objectId());
                        default -> scheduler.disarm(visit.object().objectId());
                    }
                }
                publish(visit);
                return result(visit);
            }
            PeerView peer = visit.delegateTo().orElseThrow();
            // A DELEGATE head already parked is a hand-off started before (a wake-up re-delivering it): an earlier
            // attempt may have reached the peer, whatever this attempt's failure says.
            boolean resend = memoryAware && isHead(visit.object().objectId(), visit.object().headHash());
            if (memoryAware) {
                // Persist the DELEGATE entry before sending: after a crash the node retries the same head
                // (idempotent at the receiver) instead of running the object again (which would fork it).
                park(visit.object());
            }
            publish(visit);
            long started = System.nanoTime();
            boolean wholeJourney = relay || !memoryAware;
            String objectId = visit.object().objectId();
            ExecutableObject sent = visit.object().object();
            ByteString sentHead = visit.object().headHash();
            try {
                // The object's lock is released while the peer works: the journey may come back through this node
                // with the same object (through stateless peers, or a relay), and its return must not wait for us.
                // The DELEGATE head is persisted, so a concurrent wake-up only re-sends the same head (idempotent),
                // and signals or cancels are refused while the object is in transit.
                DelegateResponse ack = unlocked(objectId,
                        () -> transfer.transfer(peer, sent, wholeJourney, handoffTimeout));
                events.handedOff(Duration.ofNanos(System.nanoTime() - started), true);
                boolean stillGone = !memoryAware || isHead(objectId, sentHead);
                if (memoryAware && stillGone) {
                    // Drop the copy only if the object did not come back here meanwhile.
                    store.delete(objectId).join();
                    scheduler.disarm(objectId);
                }
                if (stillGone && !(ack.hasResult() && ack.getCustodyReturned())) {
                    departed(new Departures.Departure(objectId, NodeRef.newBuilder().setNodeId(peer.nodeId())
                            .setTrustDomain(peer.trustDomain()).build(), peer.address(),
                            sent.getMemory().getEntriesCount() - 1L, sent.toBuilder().clearMemory().build()));
                }
                LOG.info("object {} handed to {}@{}{}", objectId, peer.nodeId(), peer.trustDomain(),
                        ack.getDuplicate() ? " (already accepted)" : "");
                if (!ack.hasResult()) {
                    return new Result(sent, ObjectStatuses.of(objectId, visit.state()), false);
                }
                if (ack.getCustodyReturned() && memoryAware) {
                    // It ended at stateless nodes (e.g. dormant there): it is ours to park again.
                    VerifiedObject back = engine.verify(ack.getResult());
                    if (!isHead(objectId, back.headHash())) {
                        park(back);
                        publishArrival(back);
                        io.mre.engine.fold.FoldedState state = ParkedObject.parse(back.object().toByteArray()).state();
                        switch (state.lifecycle()) {
                            case DORMANT -> scheduler.arm(objectId, state.pending());
                            case ACTIVE -> scheduler.resumeSoon(objectId);
                            case TERMINATED -> scheduler.disarm(objectId);
                        }
                    }
                    return new Result(ack.getResult(), ack.getStatus(), false);
                }
                return new Result(ack.getResult(), ack.getStatus(), ack.getCustodyReturned());
            } catch (MreException e) {
                events.handedOff(Duration.ofNanos(System.nanoTime() - started), false);
                if (memoryAware && e.code() == ErrorCode.PEER_UNAVAILABLE
                        && (resend || "true".equals(e.metadata().get(CustodyTransfer.MAYBE_DELIVERED)))) {
                    // The peer may hold custody now (a call timed out or broke after connecting): giving the object
                    // to another peer could make two custodians. Keep the DELEGATE head and deliver that same head
                    // to the same peer again later (wake), which it acknowledges as a duplicate if it took it.
                    LOG.warn("object {}: peer {}@{} may have taken custody ({}); delivering the same head again",
                            objectId, peer.nodeId(), peer.trustDomain(), e.getMessage());
                    scheduler.resumeLater(objectId, handoffTimeout);
                    return new Result(sent, ObjectStatuses.of(objectId, visit.state()), false);
                }
                // Unreachable, or refused for good (its policy, a fork it saw, a limit): either way this peer will
                // not take the object now. Re-decide without it — another capable peer, or dormant with a retry —
                // rather than leave the object stranded here behind a DELEGATE nobody accepted.
                LOG.warn("object {}: peer {}@{} {} ({}); re-deciding without it", visit.object().objectId(),
                        peer.nodeId(), peer.trustDomain(),
                        e.code() == ErrorCode.PEER_UNAVAILABLE ? "is unavailable" : "refused custody", e.getMessage());
                unavailable.add(peer.nodeId());
                visit = engine.run(visit.object(), VisitInput.redecide(unavailable));
            }
        }
    }

    /** Resumes a parked object (timer fired, custody accepted, budget spent, restart). */
    private void wake(String objectId) {
        try {
            withPermit(() -> locked(objectId, () -> {
                Optional<byte[]> bytes = store.get(objectId);
                if (bytes.isEmpty()) {
                    return null;
                }
                VerifiedObject verified = engine.verify(parseParked(bytes.get()));
                io.mre.engine.fold.FoldedState state = verified.fold().state(verified.object().getIntent());
                if (state.lifecycle() == io.mre.spi.Lifecycle.TERMINATED) {
                    return null;
                }
                Entry last = verified.entries().isEmpty() ? null
                        : verified.entries().get(verified.entries().size() - 1);
                if (last != null && last.getAction() == Action.ACTION_DELEGATE && last.getNode().equals(self)) {
                    // Interrupted hand-off: deliver the same head again.
                    return settle(new Visit(verified, state, Visit.Exit.DELEGATED, List.of(),
                            Optional.of(new PeerView(last.getDelegate().getTarget().getNodeId(),
                                    last.getDelegate().getTarget().getTrustDomain(),
                                    last.getDelegate().getTargetAddress(), Map.of(), Set.of()))), false);
                }
                return settle(engine.run(verified, VisitInput.NONE), false);
            }));
        } catch (MreException e) {
            LOG.warn("object {} could not resume: {}", objectId, e.getMessage());
            if (e.code() == ErrorCode.OVERLOADED) {
                scheduler.resumeLater(objectId, Duration.ofMillis(200));
            }
        } catch (RuntimeException e) {
            LOG.warn("object {} could not resume", objectId, e);
        }
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    /** Writes the object to the store (synced). */
    private void park(VerifiedObject object) {
        store.put(object.objectId(), object.object().toByteArray(), object.headHash().toByteArray()).join();
    }

    /** Writes an object whose custody a peer hands over, remembering its head as accepted (synced). */
    private void parkAccepted(VerifiedObject object) {
        store.putAccepted(object.objectId(), object.object().toByteArray(), object.headHash().toByteArray()).join();
    }

    private ParkedObject load(String objectId) {
        if (!memoryAware) {
            throw new MreException(ErrorCode.OBJECT_NOT_FOUND, "this node is stateless and keeps no objects; "
                    + "present the object itself", Map.of("object_id", objectId));
        }
        byte[] bytes = store.get(objectId).orElseThrow(() -> new MreException(ErrorCode.OBJECT_NOT_FOUND,
                "no object with id '" + objectId + "' is parked on this node", Map.of("object_id", objectId)));
        return ParkedObject.parse(bytes);
    }

    /**
     * Whether this delivery is a retry of a head this node already took custody of: the last head it knows, one it
     * accepted and has since passed on, or, while the object is still parked here, an entry of the history it has
     * since appended to. A sender that did not see the first acknowledgement (it crashed, the answer was lost)
     * delivers the same head again after the receiver moved on: that is a retry, not a fork, and acknowledging it
     * again keeps the object in exactly one custody.
     */
    private boolean alreadyAccepted(VerifiedObject verified) {
        Optional<byte[]> head = store.head(verified.objectId());
        if (head.isEmpty()) {
            return false;
        }
        if (ByteString.copyFrom(head.get()).equals(verified.headHash())
                || store.wasAccepted(verified.objectId(), verified.headHash().toByteArray())) {
            return true;
        }
        Optional<byte[]> parked = store.get(verified.objectId());
        if (parked.isEmpty()) {
            return false;
        }
        ExecutableObject known;
        try {
            known = ExecutableObject.parseFrom(parked.get());
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
        for (EntryEnvelope e : known.getMemory().getEntriesList()) {
            if (ByteString.copyFrom(Digests.entryHash(e)).equals(verified.headHash())) {
                return true;
            }
        }
        return false;
    }

    private void refuseFork(VerifiedObject verified) {
        if (!memoryAware) {
            return;
        }
        Optional<byte[]> head = store.head(verified.objectId());
        if (head.isEmpty()) {
            return;
        }
        ByteString known = ByteString.copyFrom(head.get());
        if (known.equals(verified.headHash())) {
            return;
        }
        // The head known here is usually a few entries back (the hand-off that took the object away): look from the
        // end. The verified chain links each entry to the previous one's hash, so those hashes are at hand.
        List<Entry> entries = verified.entries();
        for (int i = entries.size() - 1; i > 0; i--) {
            if (entries.get(i).getPrevHash().equals(known)) {
                return; // the incoming history extends the head this node knows
            }
        }
        LOG.warn("fork refused: object {} arrives with a history that does not contain the head {} seen here",
                verified.objectId(), Digests.shortHex(head.get()));
        throw new MreException(ErrorCode.FORK_DETECTED, "object " + verified.objectId() + " has a history that "
                + "diverges from the one this node saw (known head " + Digests.shortHex(head.get())
                + " is not in it)", Map.of("object_id", verified.objectId()));
    }

    private void requireNotDelegatedElsewhere(VerifiedObject verified) {
        if (verified.entries().isEmpty()) {
            return;
        }
        Entry last = verified.entries().get(verified.entries().size() - 1);
        if (last.getAction() == Action.ACTION_DELEGATE && !last.getDelegate().getTarget().equals(self)
                && !last.getNode().equals(self)) {
            throw new MreException(ErrorCode.WRONG_CUSTODIAN, "object " + verified.objectId() + " is in the custody of "
                    + last.getDelegate().getTarget().getNodeId() + "@" + last.getDelegate().getTarget().getTrustDomain(),
                    Map.of("object_id", verified.objectId()));
        }
    }

    /** A parked object whose last entry hands it to a peer is in transit: it must not move on here as well. */
    private void requireNotInTransit(VerifiedObject verified) {
        if (verified.entries().isEmpty()) {
            return;
        }
        Entry last = verified.entries().get(verified.entries().size() - 1);
        if (last.getAction() == Action.ACTION_DELEGATE && last.getNode().equals(self)) {
            NodeRef to = last.getDelegate().getTarget();
            throw new MreException(ErrorCode.WRONG_CUSTODIAN, "object " + verified.objectId()
                    + " is being handed to " + to.getNodeId() + "@" + to.getTrustDomain() + "; send it there",
                    Map.of("object_id", verified.objectId()));
        }
    }

    private static void requireNotTerminated(VerifiedObject verified) {
        if (!verified.entries().isEmpty()
                && verified.entries().get(verified.entries().size() - 1).getAction() == Action.ACTION_TERMINATE) {
            throw new MreException(ErrorCode.ALREADY_TERMINATED, "object " + verified.objectId()
                    + " has terminated; nothing more can be appended", Map.of("object_id", verified.objectId()));
        }
    }

    private SignalRecord signalRecord(String name, Struct payload, CallerRef sender) {
        if (!Reentry.SIGNAL_NAME.matcher(name).matches()) {
            throw new MreException(ErrorCode.INVALID_SIGNAL,
                    "signal name '" + name + "' is invalid: use 1-64 letters, digits, '-', '_' or '.'");
        }
        return SignalRecord.newBuilder().setName(name).setPayload(payload).setFromDomain(sender.getTrustDomain())
                .setSender(sender).setReceivedAt(Timestamps.toProto(clock.instant())).build();
    }

    private void publish(Visit visit) {
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
                    LOG.debug("trace={} span={} object={} seq={} action={} step={} verdict={}", traceId,
                            e.getSpanId(), e.getObjectId(), e.getSeq(), e.getAction(), e.getStepId(),
                            e.getDecision().getVerdict());
                } catch (InvalidProtocolBufferException ex) {
                    // this node just wrote it
                }
            }
        }
        feed.publish(new EntryFeed.Update(visit.object().objectId(), first, visit.appended(),
                ObjectStatuses.of(visit.object().objectId(), visit.state())));
    }

    /**
     * Tells the object's watchers about an object that arrived (custody accepted, or returned by a stateless
     * journey): its whole history, of which each watcher sends the entries it has not sent yet.
     */
    private void publishArrival(VerifiedObject arrived) {
        if (!feed.watched(arrived.objectId())) {
            return;
        }
        feed.publish(new EntryFeed.Update(arrived.objectId(), 0, arrived.object().getMemory().getEntriesList(),
                ObjectStatuses.of(arrived.objectId(), arrived.fold().state(arrived.object().getIntent()))));
    }

    /** Remembers where an object went and tells its watchers (called under the object's lock). */
    private void departed(Departures.Departure departure) {
        if (departures.record(departure)) {
            feed.moved(departure);
        }
    }

    private Result result(Visit visit) {
        return new Result(visit.object().object(), ObjectStatuses.of(visit.object().objectId(), visit.state()),
                !memoryAware);
    }

    private boolean isHead(String objectId, ByteString head) {
        return store.head(objectId).map(h -> ByteString.copyFrom(h).equals(head)).orElse(false);
    }

    /** Runs {@code work} without this thread's hold on the object's lock, and takes it back afterwards. */
    private <T> T unlocked(String objectId, java.util.function.Supplier<T> work) {
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

    private <T> T locked(String objectId, java.util.function.Supplier<T> work) {
        ReentrantLock lock = locks.of(objectId);
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    private <T> T withPermit(java.util.function.Supplier<T> work) {
        if (!permits.tryAcquire()) {
            throw new MreException(ErrorCode.OVERLOADED, "node " + self.getNodeId()
                    + " is at its limit of concurrent evaluations; retry later");
        }
        try {
            return work.get();
        } finally {
            permits.release();
        }
    }

    /**
     * The hand-offs remembered for watchers that arrive after an object left (each with the object's header,
     * context and intent, for the caller's admission: a few KiB at most).
     */
    private static final int DEPARTURES_KEPT = 20_000;

    /** Parked objects decoded together at recovery. */
    private static final int RECOVERY_BATCH = 4096;

    /** The object in a parked record. */
    private static ExecutableObject parseParked(byte[] bytes) {
        try {
            return ExecutableObject.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new MreException(ErrorCode.INTERNAL, "parked object is unreadable: " + e.getMessage());
        }
    }

    /** A parked object, decoded without re-verifying it (this node verified it before storing it). */
    record ParkedObject(ExecutableObject object, io.mre.engine.fold.FoldedState state) {
        static ParkedObject parse(byte[] bytes) {
            try {
                ExecutableObject object = parseParked(bytes);
                io.mre.proto.v1.Header header = io.mre.proto.v1.Header.parseFrom(object.getHeader().getHeader());
                ArrayList<Entry> entries = new ArrayList<>();
                for (EntryEnvelope e : object.getMemory().getEntriesList()) {
                    entries.add(Entry.parseFrom(e.getEntry()));
                }
                return new ParkedObject(object,
                        io.mre.engine.fold.Fold.of(header, entries).state(object.getIntent()));
            } catch (InvalidProtocolBufferException e) {
                throw new MreException(ErrorCode.INTERNAL, "parked object is unreadable: " + e.getMessage());
            }
        }
    }
}
