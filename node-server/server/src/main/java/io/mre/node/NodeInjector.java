package io.mre.node;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import io.mre.node.config.NodeConfig;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates the node's injector: strict (explicit bindings only, no circular proxies, {@code @Inject} required on
 * constructors) and in production stage, so every singleton (the store, the TLS identity) is built, and every
 * configuration problem found, at start-up rather than on the first call.
 */
public final class NodeInjector {
    private NodeInjector() {}

    /** The injector of the node's own modules plus {@code extra} ones (engine, services, federation...). */
    public static Injector create(NodeConfig config, Module... extra) {
        List<Module> modules = new ArrayList<>(List.of(
                new StrictModule(),
                new ConfigModule(config),
                new MetricsModule(),
                new StoreModule(),
                new TlsModule(),
                new GrpcServerModule(),
                new PluginsModule(),
                new FederationModule(),
                new EngineModule(),
                new RuntimeModule(),
                new LifecycleModule()));
        modules.addAll(List.of(extra));
        return Guice.createInjector(Stage.PRODUCTION, modules);
    }

    private static final class StrictModule extends AbstractModule {
        @Override
        protected void configure() {
            binder().requireExplicitBindings();
            binder().disableCircularProxies();
            binder().requireAtInjectOnConstructors();
            bind(Node.class).in(Singleton.class);
        }
    }
}
