package io.mre.node;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;
import io.mre.node.config.NodeConfig;
import io.mre.node.federation.DescribedPeers;
import io.mre.node.federation.PeerChannels;
import io.mre.node.grpc.NodeServer;
import io.mre.node.lifecycle.LifecycleManager;
import io.mre.node.lifecycle.LifecycleManager.Part;
import io.mre.node.metrics.AdminServer;
import io.mre.node.plugins.TimeLimitedPluginInvoker;
import io.mre.node.runtime.NodeRuntime;
import io.mre.node.store.ParkedObjectStore;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The order in which a node's parts start; they stop in the reverse order. The providers of the other modules only
 * build parts; everything that runs (listens, arms timers, polls peers) starts here:
 *
 * <ol>
 *   <li>admin endpoint — {@code /metrics} from the first moment, {@code /healthz} 503 until the node serves; it stops
 *       last, so a load balancer sees 503 while the node drains;</li>
 *   <li>parked-object store — open once built; it closes after everything that could write to it;</li>
 *   <li>policy runner — stops after the runtime, which may still be judging an action;</li>
 *   <li>peer channels, then peer directory (describes the peers now, then every 10 s) — the runtime hands objects
 *       off over them, so they close after it;</li>
 *   <li>extra workers ({@link StopBeforeStore});</li>
 *   <li>runtime — recovers parked objects (re-arms their timers) and starts the retention sweeper; stopping it stops
 *       the timers;</li>
 *   <li>gRPC server — serves last, once everything it calls is ready; stopping it turns health NOT_SERVING and
 *       drains the calls in flight (up to {@code limits.shutdownGrace}) before anything else stops.</li>
 * </ol>
 */
public final class LifecycleModule extends AbstractModule {
    private static final long DESCRIBE_PERIOD_SECONDS = 10;

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), AutoCloseable.class, StopBeforeStore.class);
    }

    @Provides
    @Singleton
    LifecycleManager lifecycle(
            NodeConfig config,
            Optional<AdminServer> admin,
            ParkedObjectStore store,
            TimeLimitedPluginInvoker plugins,
            PeerChannels channels,
            DescribedPeers peers,
            @StopBeforeStore Set<AutoCloseable> workers,
            NodeRuntime runtime,
            NodeServer server) {
        List<Part> parts = new ArrayList<>();
        admin.ifPresent(a -> parts.add(new Part("admin endpoint", a::start, a::close)));
        parts.add(Part.stopOnly("parked-object store", store::close));
        parts.add(Part.stopOnly("plugin invoker", plugins::close));
        parts.add(Part.stopOnly("peer channels", channels::close));
        parts.add(new Part("peer directory", () -> peers.start(DESCRIBE_PERIOD_SECONDS), peers::close));
        workers.forEach(w -> parts.add(Part.stopOnly("worker " + w, w)));
        parts.add(new Part(
                "runtime",
                () -> {
                    runtime.recover();
                    runtime.keepTerminatedFor(config.limits().keepTerminated());
                },
                runtime::close));
        parts.add(new Part("gRPC server", server::start, server::shutdown));
        return new LifecycleManager(parts);
    }
}
