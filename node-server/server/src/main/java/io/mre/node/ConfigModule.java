package io.mre.node;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.mre.node.config.Limits;
import io.mre.node.config.NodeConfig;

/** Binds the node's configuration, loaded and validated before the injector exists. */
public final class ConfigModule extends AbstractModule {
    private final NodeConfig config;

    public ConfigModule(NodeConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    @Override
    protected void configure() {
        bind(NodeConfig.class).toInstance(config);
    }

    @Provides
    Limits limits(NodeConfig nodeConfig) {
        return nodeConfig.limits();
    }
}
