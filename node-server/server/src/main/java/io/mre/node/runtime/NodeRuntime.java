package io.mre.node.runtime;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Struct;
import io.mre.engine.Engine;
import io.mre.engine.Explanation;
import io.mre.engine.MreException;
import io.mre.engine.VisitInput;
import io.mre.engine.time.Timestamps;
import io.mre.engine.verify.VerifiedObject;
import io.mre.errors.ErrorCode;
import io.mre.node.store.ParkedObjectStore;
import io.mre.proto.v1.CallerRef;
import io.mre.proto.v1.DelegateResponse;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.ObjectStatus;
import io.mre.proto.v1.SignalRecord;
import io.mre.spi.Reentry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a node does with objects, independent of gRPC: submit, custody transfer (both sides), signals, cancel,
 * get, evaluate, watch. A facade over the runtime's parts: {@link VisitGate} (permits, object locks),
 * {@link CustodyRules}, {@link CustodyMode} (memory-aware or stateless) over {@link ParkedObjects}, {@link HandOff},
 * {@link Resumption}, {@link Watches} over {@link Publisher}, and {@link RetentionSweeper}.
 */
public final class NodeRuntime {
    /**
     * An object after a node's visit, with its short status; {@code custodyWithCaller} when no node kept it (it
     * ended at stateless nodes), so whoever called must hold it.
     */
    public record Result(ExecutableObject object, ObjectStatus status, boolean custodyWithCaller) {}

    private final Engine engine;
    private final CustodyMode mode;
    private final VisitGate gate;
    private final CustodyRules rules;
    private final HandOff handOff;
    private final Watches watches;
    private final Resumption resumption;
    private final RetentionSweeper sweeper;
    private final ReentryScheduler scheduler;
    private final InstantSource clock;

    public NodeRuntime(
            Engine engine,
            CustodyMode mode,
            VisitGate gate,
            CustodyRules rules,
            HandOff handOff,
            Watches watches,
            Resumption resumption,
            RetentionSweeper sweeper,
            ReentryScheduler scheduler,
            InstantSource clock) {
        this.engine = requireNonNull(engine, "engine is null");
        this.mode = requireNonNull(mode, "mode is null");
        this.gate = requireNonNull(gate, "gate is null");
        this.rules = requireNonNull(rules, "rules is null");
        this.handOff = requireNonNull(handOff, "handOff is null");
        this.watches = requireNonNull(watches, "watches is null");
        this.resumption = requireNonNull(resumption, "resumption is null");
        this.sweeper = requireNonNull(sweeper, "sweeper is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A runtime wired by hand (tests, tools); the node wires its parts in {@code RuntimeModule}. */
    public NodeRuntime(
            Engine engine,
            ParkedObjectStore store,
            boolean memoryAware,
            CustodyTransfer transfer,
            Duration handoffTimeout,
            int maxConcurrentEvaluations,
            InstantSource clock) {
        this(RuntimeParts.assemble(
                engine,
                store,
                memoryAware,
                transfer,
                new RuntimeSettings(handoffTimeout, maxConcurrentEvaluations),
                clock,
                RuntimeEvents.NONE));
    }

    private NodeRuntime(RuntimeParts p) {
        this(
                p.engine(),
                p.mode(),
                p.gate(),
                p.rules(),
                p.handOff(),
                p.watches(),
                p.resumption(),
                p.sweeper(),
                p.scheduler(),
                p.clock());
    }

    public Engine engine() {
        return engine;
    }

    /** Re-arms timers and resumes objects in custody after a restart (memory-aware only). */
    public int recover() {
        return mode.recover();
    }

    /** Runs a client's object: verify, run cycles, then park, hand on or return it. */
    public Result submit(ExecutableObject object, Admission admission) {
        return gate.withPermit(() -> {
            VerifiedObject verified = engine.verify(object);
            admission.check(object, verified.fold().state(object.getIntent()));
            if (verified.entries().isEmpty()) {
                engine.requireRunnable(object.getIntent()); // verify already checked it is well-formed
            }
            rules.requireNotDelegatedElsewhere(verified);
            return gate.locked(verified.objectId(), () -> {
                rules.refuseFork(verified);
                return handOff.settle(engine.run(verified, VisitInput.NONE), false);
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
    public DelegateResponse accept(
            ExecutableObject object, boolean relay, Optional<String> callerDomain, Consumer<Runnable> then) {
        return gate.withPermit(() -> {
            VerifiedObject verified = engine.verify(object);
            rules.requireDelegatedHere(verified, callerDomain);
            if (mode instanceof StatelessCustody stateless) {
                // a head delivered again (its caller missed the answer) gets the first journey's answer, not a
                // second run; the wait for a journey under way happens outside the object's lock
                return stateless.relayOnce(
                        verified,
                        (earlier, unsettled) -> gate.locked(verified.objectId(), () -> {
                            Result result = earlier.isPresent()
                                    ? handOff.resend(earlier.get(), unsettled)
                                    : handOff.settle(engine.run(verified, VisitInput.NONE), true, unsettled);
                            return DelegateResponse.newBuilder()
                                    .setReceiver(rules.self())
                                    .setAcceptedHead(verified.headHash())
                                    .setResult(result.object())
                                    .setStatus(result.status())
                                    .setCustodyReturned(result.custodyWithCaller())
                                    .build();
                        }));
            }
            return gate.locked(verified.objectId(), () -> {
                DelegateResponse.Builder ack =
                        DelegateResponse.newBuilder().setReceiver(rules.self()).setAcceptedHead(verified.headHash());
                Optional<DelegateResponse> duplicate = mode.takeCustody(verified, ack);
                if (duplicate.isPresent()) {
                    return duplicate.get();
                }
                if (mode.wholeJourney(relay)) {
                    Result result = handOff.settle(engine.run(verified, VisitInput.NONE), true);
                    return ack.setResult(result.object())
                            .setStatus(result.status())
                            .setCustodyReturned(result.custodyWithCaller())
                            .build();
                }
                then.accept(() -> resumption.visitAccepted(verified));
                return ack.build();
            });
        });
    }

    /** Records a signal for a parked object (memory-aware) and runs it if the signal wakes it. */
    public Result signal(String objectId, String name, Struct payload, CallerRef sender, Admission admission) {
        SignalRecord record = signalRecord(name, payload, sender);
        return gate.withPermit(() -> gate.locked(objectId, () -> {
            VerifiedObject verified = admittedParked(objectId, admission);
            rules.requireNotTerminated(verified);
            rules.requireNotInTransit(verified);
            return handOff.settle(engine.run(verified, VisitInput.signal(record)), false);
        }));
    }

    /** Records a signal on an object given inline (stateless mode) and returns it. */
    public Result signal(ExecutableObject object, String name, Struct payload, CallerRef sender, Admission admission) {
        SignalRecord record = signalRecord(name, payload, sender);
        return gate.withPermit(() -> {
            VerifiedObject verified = admitted(engine.verify(object), admission);
            rules.requireNotTerminated(verified);
            return gate.locked(
                    verified.objectId(), () -> handOff.settle(engine.run(verified, VisitInput.signal(record)), false));
        });
    }

    /**
     * Cancels a parked object, or one given inline; the TERMINATE entry names {@code caller} (as its TLS session
     * proved it) apart from the {@code reason} text.
     */
    public Result cancel(
            Optional<String> objectId,
            Optional<ExecutableObject> inline,
            String reason,
            CallerRef caller,
            Admission admission) {
        return gate.withPermit(() -> {
            if (inline.isPresent()) {
                return cancelVerified(admitted(engine.verify(inline.get()), admission), reason, caller);
            }
            String id = objectId.orElseThrow();
            return gate.locked(id, () -> cancelVerified(admittedParked(id, admission), reason, caller));
        });
    }

    private Result cancelVerified(VerifiedObject verified, String reason, CallerRef caller) {
        rules.requireNotTerminated(verified);
        rules.requireNotInTransit(verified);
        return gate.locked(
                verified.objectId(),
                () -> handOff.settle(
                        engine.run(verified, VisitInput.cancel(reason.isBlank() ? "on request" : reason, caller)),
                        false));
    }

    /** A parked object. */
    public Result get(String objectId, Admission admission) {
        ParkedObjects.Parked parked = mode.read(objectId);
        admission.check(parked.object(), parked.state());
        return new Result(parked.object(), ObjectStatuses.of(objectId, parked.state()), false);
    }

    /** What this node would do next with an object (dry run). */
    public Explanation evaluate(ExecutableObject object, Admission admission) {
        return engine.explain(admitted(engine.verify(object), admission));
    }

    /** What this node would do next with a parked object (dry run). */
    public Explanation evaluate(String objectId, Admission admission) {
        return engine.explain(admittedParked(objectId, admission));
    }

    /**
     * Streams an object's entries from {@code fromSeq}, then its new entries, then where it went when it leaves;
     * returns the unsubscribe action (see {@link Watches#start}).
     */
    public Runnable watch(String objectId, long fromSeq, EntryFeed.Watcher watcher, Admission admission) {
        return watches.start(objectId, fromSeq, watcher, admission);
    }

    /** Drops, from now on and periodically, the objects that terminated here more than {@code keep} ago. */
    public void keepTerminatedFor(Duration keep) {
        mode.keepTerminatedFor(keep);
    }

    /** Deletes every parked object that terminated more than {@code keep} ago; returns how many. */
    public int dropTerminated(Duration keep) {
        return sweeper.dropTerminated(keep);
    }

    /** Stops timers. The store is closed by its owner. */
    public void close() {
        scheduler.close();
    }

    /** Number of armed reentry timers. */
    public int armedTimers() {
        return scheduler.armed();
    }

    /** {@code verified} once the caller is admitted on it (its state folded once, by the verification). */
    /**
     * A parked object verified for a visit or a dry run, once its caller is admitted. When the parked copy no longer
     * verifies (a trust bundle or a certificate changed since it was accepted), the caller is admitted on the copy
     * as read before the verifier's refusal is returned: a caller not entitled to the object learns nothing of it.
     */
    private VerifiedObject admittedParked(String objectId, Admission admission) {
        VerifiedObject verified;
        try {
            verified = mode.load(objectId);
        } catch (MreException e) {
            if (e.code() != ErrorCode.OBJECT_NOT_FOUND) {
                ParkedObjects.Parked parked = mode.read(objectId);
                admission.check(parked.object(), parked.state());
            }
            throw e;
        }
        return admitted(verified, admission);
    }

    private static VerifiedObject admitted(VerifiedObject verified, Admission admission) {
        admission.check(
                verified.object(), verified.fold().state(verified.object().getIntent()));
        return verified;
    }

    private SignalRecord signalRecord(String name, Struct payload, CallerRef sender) {
        if (!Reentry.SIGNAL_NAME.matcher(name).matches()) {
            throw new MreException(
                    ErrorCode.INVALID_SIGNAL,
                    "signal name '" + name + "' is invalid: use 1-64 letters, digits, '-', '_' or '.'");
        }
        return SignalRecord.newBuilder()
                .setName(name)
                .setPayload(payload)
                .setFromDomain(sender.getTrustDomain())
                .setSender(sender)
                .setReceivedAt(Timestamps.toProto(clock.instant()))
                .build();
    }
}
