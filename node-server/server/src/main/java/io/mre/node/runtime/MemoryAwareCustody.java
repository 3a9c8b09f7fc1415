package io.mre.node.runtime;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import io.mre.engine.Engine;
import io.mre.engine.MreException;
import io.mre.engine.Visit;
import io.mre.engine.fold.FoldedState;
import io.mre.engine.verify.VerifiedObject;
import io.mre.errors.ErrorCode;
import io.mre.proto.v1.DelegateResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A node that parks what it holds (durably, before it acknowledges custody) and wakes it with timers. */
public final class MemoryAwareCustody implements CustodyMode {
    private final Engine engine;
    private final ParkedObjects parked;
    private final CustodyRules rules;
    private final Publisher publisher;
    private final ReentryScheduler scheduler;
    private final Recovery recovery;
    private final RetentionSweeper sweeper;

    public MemoryAwareCustody(
            Engine engine,
            ParkedObjects parked,
            CustodyRules rules,
            Publisher publisher,
            ReentryScheduler scheduler,
            Recovery recovery,
            RetentionSweeper sweeper) {
        this.engine = requireNonNull(engine, "engine is null");
        this.parked = requireNonNull(parked, "parked is null");
        this.rules = requireNonNull(rules, "rules is null");
        this.publisher = requireNonNull(publisher, "publisher is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.recovery = requireNonNull(recovery, "recovery is null");
        this.sweeper = requireNonNull(sweeper, "sweeper is null");
    }

    @Override
    public boolean custodyWithCaller() {
        return false;
    }

    @Override
    public boolean wholeJourney(boolean relay) {
        return relay;
    }

    @Override
    public Optional<ParkedObjects.Parked> find(String objectId) {
        return parked.read(objectId);
    }

    @Override
    public ParkedObjects.Parked read(String objectId) {
        return parked.read(objectId).orElseThrow(() -> notParked(objectId));
    }

    @Override
    public VerifiedObject load(String objectId) {
        return parked.load(objectId).orElseThrow(() -> notParked(objectId));
    }

    @Override
    public Optional<DelegateResponse> takeCustody(VerifiedObject verified, DelegateResponse.Builder ack) {
        if (rules.alreadyAccepted(verified)) {
            return Optional.of(ack.setDuplicate(true).build());
        }
        rules.refuseFork(verified);
        FoldedState state = verified.fold().state(verified.object().getIntent());
        parked.parkAccepted(verified, state);
        publisher.arrived(verified, state);
        return Optional.empty();
    }

    @Override
    public void stayed(Visit visit) {
        String objectId = visit.object().objectId();
        parked.park(visit.object(), visit.state());
        switch (visit.exit()) {
            case DORMANT -> scheduler.arm(objectId, visit.state().pending());
            case BUDGET_SPENT -> scheduler.resumeSoon(objectId);
            default -> scheduler.disarm(objectId);
        }
    }

    @Override
    public void leaving(Visit visit) {
        parked.park(visit.object(), visit.state());
    }

    @Override
    public boolean keepsHead(String objectId, ByteString head) {
        return parked.isHead(objectId, head);
    }

    @Override
    public boolean redeliverLater(String objectId, Duration delay) {
        scheduler.resumeLater(objectId, delay); // the wake-up finds the DELEGATE head and re-sends it (idempotent)
        return true;
    }

    @Override
    public boolean left(String objectId, ByteString sentHead) {
        if (!parked.isHead(objectId, sentHead)) {
            return false; // it came back here meanwhile: keep it
        }
        parked.delete(objectId);
        scheduler.disarm(objectId);
        return true;
    }

    @Override
    public NodeRuntime.Result returned(String objectId, DelegateResponse ack) {
        if (ack.getCustodyReturned()) {
            // It ended at stateless nodes (e.g. dormant there): it is ours to park again.
            VerifiedObject back = engine.verify(ack.getResult());
            if (!parked.isHead(objectId, back.headHash())) {
                FoldedState state = back.fold().state(back.object().getIntent());
                parked.park(back, state);
                publisher.arrived(back, state);
                scheduler.follow(objectId, ParkedStatus.of(state));
            }
        }
        return new NodeRuntime.Result(ack.getResult(), ack.getStatus(), false);
    }

    @Override
    public int recover() {
        return recovery.recover();
    }

    @Override
    public void keepTerminatedFor(Duration keep) {
        sweeper.keepTerminatedFor(keep);
    }

    private static MreException notParked(String objectId) {
        return new MreException(
                ErrorCode.OBJECT_NOT_FOUND,
                "no object with id '" + objectId + "' is parked on this node",
                Map.of("object_id", objectId));
    }
}
