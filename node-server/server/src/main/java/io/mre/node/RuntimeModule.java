package io.mre.node;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.ProvidesIntoSet;
import io.grpc.BindableService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.mre.engine.Engine;
import io.mre.node.config.Mode;
import io.mre.node.config.NodeConfig;
import io.mre.node.federation.PeerIdentity;
import io.mre.node.callers.CallerAuthorization;
import io.mre.node.grpc.CallerIdentity;
import io.mre.node.grpc.NodeServer;
import io.mre.node.grpc.NodeServices;
import io.mre.node.metrics.MicrometerRuntimeEvents;
import io.mre.node.metrics.NodeHealth;
import io.mre.node.plugins.LoadedPlugins;
import io.mre.node.runtime.CustodyTransfer;
import io.mre.node.runtime.NodeRuntime;
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
    @Provides
    @Singleton
    NodeRuntime runtime(NodeConfig config, Engine engine, ParkedObjectStore store, CustodyTransfer transfer,
            InstantSource clock, MeterRegistry registry) {
        NodeRuntime runtime = new NodeRuntime(engine, store, config.mode() == Mode.MEMORY_AWARE, transfer,
                config.limits().handoffTimeout(), config.limits().maxConcurrentEvaluations(), clock,
                new MicrometerRuntimeEvents(registry));
        Gauge.builder("mre.timers.armed", runtime, NodeRuntime::armedTimers)
                .description("reentry timers armed for dormant objects parked on this node")
                .register(registry);
        // Recovery and the retention sweeper start with the node (LifecycleModule), not here.
        return runtime;
    }

    @ProvidesIntoSet
    @Singleton
    BindableService executionNode(NodeRuntime runtime, NodeConfig config, LoadedPlugins plugins, NodeHealth health,
            Provider<NodeServer> server) {
        return services(runtime, config, plugins, health, server).get(0);
    }

    @ProvidesIntoSet
    @Singleton
    BindableService federation(NodeRuntime runtime, NodeConfig config, LoadedPlugins plugins, NodeHealth health,
            Provider<NodeServer> server) {
        return services(runtime, config, plugins, health, server).get(1);
    }

    private static List<BindableService> services(NodeRuntime runtime, NodeConfig config, LoadedPlugins plugins,
            NodeHealth health, Provider<NodeServer> server) {
        // Plaintext (loopback only) callers have no identity: they are trusted as local.
        CallerIdentity caller = () -> PeerIdentity.current().map(p -> new CallerView(p.trustDomain(), p.nodeId(),
                PeerIdentity.currentSubject().orElse("CN=" + p.nodeId() + ",O=" + p.trustDomain())));
        return NodeServices.of(runtime, caller, new CallerAuthorization(plugins.callerAuthorizers(),
                !config.clientTls().required()), () -> DescribeResponse.newBuilder()
                .setNode(NodeRef.newBuilder().setNodeId(config.nodeId()).setTrustDomain(config.trustDomain()))
                .addAllCapabilities(new TreeSet<>(runtime.engine().self().capabilities()))
                .putAllLabels(config.labels())
                .setServing(health.isServing())
                .setMode(config.mode().label())
                // The bound port: with "listen: host:0" the configured one says nothing.
                .setAddress(config.listen().withPort(server.get().address().getPort()).toString())
                .addAllPlugins(plugins.infos())
                .build());
    }
}
