package io.mre.node;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.ProvidesIntoSet;
import io.grpc.BindableService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.mre.engine.Engine;
import io.mre.node.callers.CallerAuthorization;
import io.mre.node.config.Mode;
import io.mre.node.config.NodeConfig;
import io.mre.node.federation.PeerIdentity;
import io.mre.node.grpc.CallerIdentity;
import io.mre.node.grpc.NodeServer;
import io.mre.node.grpc.NodeServices;
import io.mre.node.metrics.MicrometerRuntimeEvents;
import io.mre.node.metrics.NodeHealth;
import io.mre.node.plugins.LoadedPlugins;
import io.mre.node.runtime.CustodyMode;
import io.mre.node.runtime.CustodyRules;
import io.mre.node.runtime.CustodyTransfer;
import io.mre.node.runtime.HandOff;
import io.mre.node.runtime.MemoryAwareCustody;
import io.mre.node.runtime.NodeRuntime;
import io.mre.node.runtime.ParkedObjects;
import io.mre.node.runtime.Publisher;
import io.mre.node.runtime.Recovery;
import io.mre.node.runtime.ReentryScheduler;
import io.mre.node.runtime.Resumption;
import io.mre.node.runtime.RetentionSweeper;
import io.mre.node.runtime.RuntimeEvents;
import io.mre.node.runtime.RuntimeSettings;
import io.mre.node.runtime.StatelessCustody;
import io.mre.node.runtime.VisitGate;
import io.mre.node.runtime.Watches;
import io.mre.node.store.ParkedObjectStore;
import io.mre.proto.v1.DescribeResponse;
import io.mre.proto.v1.NodeRef;
import io.mre.spi.CallerView;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.time.InstantSource;
import java.util.List;
import java.util.TreeSet;

/** The node runtime (custody, timers, signals) and the gRPC services over it. */
public final class RuntimeModule extends AbstractModule {
    // --- the runtime's parts (io.mre.node.runtime stays free of Guice: each part is built here) ---

    @Provides
    @Singleton
    RuntimeSettings settings(NodeConfig config) {
        return new RuntimeSettings(
                config.limits().handoffTimeout(), config.limits().maxConcurrentEvaluations());
    }

    @Provides
    @Singleton
    RuntimeEvents events(MeterRegistry registry) {
        return new MicrometerRuntimeEvents(registry);
    }

    @Provides
    @Singleton
    ParkedObjects parkedObjects(ParkedObjectStore store, Engine engine) {
        return new ParkedObjects(store, engine);
    }

    @Provides
    @Singleton
    VisitGate gate(Engine engine, RuntimeSettings settings) {
        return new VisitGate(engine.self().nodeId(), settings);
    }

    @Provides
    @Singleton
    CustodyRules custodyRules(Engine engine, ParkedObjects parked) {
        return new CustodyRules(
                NodeRef.newBuilder()
                        .setNodeId(engine.self().nodeId())
                        .setTrustDomain(engine.self().trustDomain())
                        .build(),
                parked);
    }

    @Provides
    @Singleton
    Publisher publisher() {
        return new Publisher();
    }

    @Provides
    @Singleton
    ReentryScheduler scheduler(InstantSource clock, Provider<Resumption> resumption) {
        // A timer wakes an object through the resumption, which needs the scheduler itself: resolved at the first wake.
        return new ReentryScheduler(clock, id -> resumption.get().wake(id));
    }

    @Provides
    @Singleton
    Recovery recovery(ParkedObjects parked, ReentryScheduler scheduler) {
        return new Recovery(parked, scheduler);
    }

    @Provides
    @Singleton
    RetentionSweeper sweeper(ParkedObjects parked, VisitGate gate, ReentryScheduler scheduler, InstantSource clock) {
        return new RetentionSweeper(parked, gate, scheduler, clock);
    }

    @Provides
    @Singleton
    CustodyMode custodyMode(NodeConfig config, Provider<MemoryAwareCustody> memoryAware, InstantSource clock) {
        return config.mode() == Mode.MEMORY_AWARE ? memoryAware.get() : new StatelessCustody(clock);
    }

    @Provides
    @Singleton
    MemoryAwareCustody memoryAwareCustody(
            Engine engine,
            ParkedObjects parked,
            CustodyRules rules,
            Publisher publisher,
            ReentryScheduler scheduler,
            Recovery recovery,
            RetentionSweeper sweeper) {
        return new MemoryAwareCustody(engine, parked, rules, publisher, scheduler, recovery, sweeper);
    }

    @Provides
    @Singleton
    HandOff handOff(
            Engine engine,
            CustodyTransfer transfer,
            CustodyMode mode,
            Publisher publisher,
            VisitGate gate,
            RuntimeEvents events,
            RuntimeSettings settings) {
        return new HandOff(engine, transfer, mode, publisher, gate, events, settings);
    }

    @Provides
    @Singleton
    Resumption resumption(
            Engine engine,
            ParkedObjects parked,
            CustodyRules rules,
            HandOff handOff,
            VisitGate gate,
            ReentryScheduler scheduler) {
        return new Resumption(engine, parked, rules, handOff, gate, scheduler);
    }

    @Provides
    @Singleton
    Watches watches(CustodyMode mode, Publisher publisher, VisitGate gate) {
        return new Watches(mode, publisher, gate);
    }

    @Provides
    @Singleton
    NodeRuntime runtime(
            Engine engine,
            CustodyMode mode,
            VisitGate gate,
            CustodyRules rules,
            HandOff handOff,
            Watches watches,
            Resumption resumption,
            RetentionSweeper sweeper,
            ReentryScheduler scheduler,
            InstantSource clock,
            MeterRegistry registry) {
        NodeRuntime runtime =
                new NodeRuntime(engine, mode, gate, rules, handOff, watches, resumption, sweeper, scheduler, clock);
        Gauge.builder("mre.timers.armed", runtime, NodeRuntime::armedTimers)
                .description("reentry timers armed for dormant objects parked on this node")
                .register(registry);
        // Recovery and the retention sweeper start with the node (LifecycleModule), not here.
        return runtime;
    }

    @ProvidesIntoSet
    @Singleton
    BindableService executionNode(
            NodeRuntime runtime,
            NodeConfig config,
            LoadedPlugins plugins,
            NodeHealth health,
            Provider<NodeServer> server) {
        return services(runtime, config, plugins, health, server).get(0);
    }

    @ProvidesIntoSet
    @Singleton
    BindableService federation(
            NodeRuntime runtime,
            NodeConfig config,
            LoadedPlugins plugins,
            NodeHealth health,
            Provider<NodeServer> server) {
        return services(runtime, config, plugins, health, server).get(1);
    }

    private static List<BindableService> services(
            NodeRuntime runtime,
            NodeConfig config,
            LoadedPlugins plugins,
            NodeHealth health,
            Provider<NodeServer> server) {
        // Plaintext (loopback only) callers have no identity: they are trusted as local.
        CallerIdentity caller = () -> PeerIdentity.current()
                .map(p -> new CallerView(
                        p.trustDomain(),
                        p.nodeId(),
                        PeerIdentity.currentSubject().orElse("CN=" + p.nodeId() + ",O=" + p.trustDomain())));
        return NodeServices.of(
                runtime,
                caller,
                new CallerAuthorization(
                        plugins.callerAuthorizers(), !config.clientTls().required()),
                () -> DescribeResponse.newBuilder()
                        .setNode(NodeRef.newBuilder().setNodeId(config.nodeId()).setTrustDomain(config.trustDomain()))
                        .addAllCapabilities(
                                new TreeSet<>(runtime.engine().self().capabilities()))
                        .putAllLabels(config.labels())
                        .setServing(health.isServing())
                        .setMode(config.mode().label())
                        // The bound port: with "listen: host:0" the configured one says nothing.
                        .setAddress(config.listen()
                                .withPort(server.get().address().getPort())
                                .toString())
                        .addAllPlugins(plugins.infos())
                        .build());
    }
}
