package io.mre.node.runtime;

import io.mre.engine.Engine;
import io.mre.node.store.ParkedObjectStore;
import io.mre.proto.v1.NodeRef;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The runtime's parts wired by hand, for tests and tools that run a runtime without an injector; the node itself
 * wires the same parts in {@code io.mre.node.RuntimeModule}.
 */
record RuntimeParts(
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

    static RuntimeParts assemble(
            Engine engine,
            ParkedObjectStore store,
            boolean memoryAware,
            CustodyTransfer transfer,
            RuntimeSettings settings,
            InstantSource clock,
            RuntimeEvents events) {
        NodeRef self = self(engine);
        AtomicReference<Resumption> resumption = new AtomicReference<>();
        ReentryScheduler scheduler =
                new ReentryScheduler(clock, id -> resumption.get().wake(id));
        ParkedObjects parked = new ParkedObjects(store, engine);
        VisitGate gate = new VisitGate(self.getNodeId(), settings);
        CustodyRules rules = new CustodyRules(self, parked);
        Publisher publisher = new Publisher();
        RetentionSweeper sweeper = new RetentionSweeper(parked, gate, scheduler, clock);
        CustodyMode mode = memoryAware
                ? new MemoryAwareCustody(
                        engine, parked, rules, publisher, scheduler, new Recovery(parked, scheduler), sweeper)
                : new StatelessCustody(clock);
        HandOff handOff = new HandOff(engine, transfer, mode, publisher, gate, events, settings);
        resumption.set(new Resumption(engine, parked, rules, handOff, gate, scheduler));
        return new RuntimeParts(
                engine,
                mode,
                gate,
                rules,
                handOff,
                new Watches(mode, publisher, gate),
                resumption.get(),
                sweeper,
                scheduler,
                clock);
    }

    /** The node an engine signs as. */
    static NodeRef self(Engine engine) {
        return NodeRef.newBuilder()
                .setNodeId(engine.self().nodeId())
                .setTrustDomain(engine.self().trustDomain())
                .build();
    }
}
