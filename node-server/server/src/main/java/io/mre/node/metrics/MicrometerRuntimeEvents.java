package io.mre.node.metrics;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.InvalidProtocolBufferException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mre.engine.Visit;
import io.mre.node.runtime.RuntimeEvents;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.PolicyJudgement;
import java.time.Duration;

/** Counts cycles, actions, verdicts by policy, forks met and hand-off latency in Micrometer (scraped at /metrics). */
public final class MicrometerRuntimeEvents implements RuntimeEvents {
    private final MeterRegistry registry;
    private final Counter visits;
    private final Timer handoffs;
    private final Timer failedHandoffs;
    private final Counter forksContinued;
    private final Counter forksHeld;

    public MicrometerRuntimeEvents(MeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry is null");
        this.visits = Counter.builder("mre.visits")
                .description("visits of objects to this node")
                .register(registry);
        this.handoffs = Timer.builder("mre.handoff")
                .tag("outcome", "accepted")
                .publishPercentiles(0.5, 0.99)
                .description("custody transfer latency")
                .register(registry);
        this.failedHandoffs = Timer.builder("mre.handoff")
                .tag("outcome", "failed")
                .description("custody transfer latency")
                .register(registry);
        this.forksContinued = Counter.builder("mre.forks")
                .tag("outcome", "custody_moved_on")
                .description("hand-offs refused as forks whose history continues the head sent (an earlier delivery)")
                .register(registry);
        this.forksHeld = Counter.builder("mre.forks")
                .tag("outcome", "held")
                .description("hand-offs refused as forks of another history: the object is held for an operator")
                .register(registry);
    }

    @Override
    public void visited(Visit visit) {
        visits.increment();
        for (EntryEnvelope envelope : visit.appended()) {
            Entry e;
            try {
                e = Entry.parseFrom(envelope.getEntry());
            } catch (InvalidProtocolBufferException ex) {
                continue; // this node wrote it; cannot happen
            }
            registry.counter(
                            "mre.cycles",
                            "action",
                            e.getAction().name().replace("ACTION_", "").toLowerCase())
                    .increment();
            for (PolicyJudgement j : e.getDecision().getJudgementsList()) {
                registry.counter(
                                "mre.verdicts",
                                "policy",
                                j.getPolicy(),
                                "verdict",
                                j.getVerdict().name().replace("VERDICT_", "").toLowerCase())
                        .increment();
            }
        }
    }

    @Override
    public void handedOff(Duration latency, boolean accepted) {
        (accepted ? handoffs : failedHandoffs).record(latency);
    }

    @Override
    public void forkMet(boolean custodyMovedOn) {
        (custodyMovedOn ? forksContinued : forksHeld).increment();
    }
}
