package io.mre.node.runtime;

import static java.util.Objects.requireNonNull;

import io.mre.engine.Engine;
import io.mre.engine.MreException;
import io.mre.engine.Visit;
import io.mre.engine.VisitInput;
import io.mre.engine.fold.FoldedState;
import io.mre.engine.verify.VerifiedObject;
import io.mre.errors.ErrorCode;
import io.mre.proto.v1.Entry;
import io.mre.spi.Lifecycle;
import io.mre.spi.PeerView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Visits of objects parked here that no request carries: a timer fired, custody was just accepted, a visit spent
 * its budget, the node restarted. Failures are logged and, when the node was only busy, tried again later.
 */
public final class Resumption {
    private static final Logger LOG = LoggerFactory.getLogger(Resumption.class);

    private final Engine engine;
    private final ParkedObjects parked;
    private final CustodyRules rules;
    private final HandOff handOff;
    private final VisitGate gate;
    private final ReentryScheduler scheduler;

    public Resumption(
            Engine engine,
            ParkedObjects parked,
            CustodyRules rules,
            HandOff handOff,
            VisitGate gate,
            ReentryScheduler scheduler) {
        this.engine = requireNonNull(engine, "engine is null");
        this.parked = requireNonNull(parked, "parked is null");
        this.rules = requireNonNull(rules, "rules is null");
        this.handOff = requireNonNull(handOff, "handOff is null");
        this.gate = requireNonNull(gate, "gate is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
    }

    /**
     * The visit of an object this node just accepted, from the verification done on accepting it (no read-back, no
     * second verification); it runs only if the object is still exactly as accepted when it starts.
     */
    public void visitAccepted(VerifiedObject accepted) {
        String objectId = accepted.objectId();
        try {
            gate.withPermit(() -> gate.locked(objectId, () -> {
                if (!parked.isHead(objectId, accepted.headHash())) {
                    return null; // it moved on meanwhile (e.g. a signal, a cancel, a wake-up): nothing left to do here
                }
                return handOff.settle(engine.run(accepted, VisitInput.NONE), false);
            }));
        } catch (MreException e) {
            LOG.warn("object {} could not start its visit: {}", objectId, e.getMessage());
            scheduler.resumeLater(objectId, Duration.ofMillis(e.code() == ErrorCode.OVERLOADED ? 200 : 1000));
        } catch (RuntimeException e) {
            LOG.warn("object {} could not start its visit", objectId, e);
        }
    }

    /** Resumes a parked object: re-sends an interrupted hand-off, or runs it. */
    public void wake(String objectId) {
        try {
            gate.withPermit(() -> gate.locked(objectId, () -> {
                Optional<VerifiedObject> loaded = parked.load(objectId);
                if (loaded.isEmpty()) {
                    return null;
                }
                VerifiedObject verified = loaded.get();
                FoldedState state = verified.fold().state(verified.object().getIntent());
                if (state.lifecycle() == Lifecycle.TERMINATED) {
                    return null;
                }
                Optional<Entry> handOffSent = rules.interruptedHandOff(verified);
                if (handOffSent.isPresent()) {
                    // Interrupted hand-off: deliver the same head again.
                    Entry last = handOffSent.get();
                    return handOff.settle(
                            new Visit(
                                    verified,
                                    state,
                                    Visit.Exit.DELEGATED,
                                    List.of(),
                                    Optional.of(new PeerView(
                                            last.getDelegate().getTarget().getNodeId(),
                                            last.getDelegate().getTarget().getTrustDomain(),
                                            last.getDelegate().getTargetAddress(),
                                            Map.of(),
                                            Set.of()))),
                            false);
                }
                return handOff.settle(engine.run(verified, VisitInput.NONE), false);
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
}
