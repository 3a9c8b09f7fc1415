package io.mre.node;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.OptionalBinder;
import io.mre.node.config.ConfigException;
import io.mre.node.config.NodeConfig;
import io.mre.node.plugins.LoadedPlugins;
import io.mre.node.plugins.PluginException;
import io.mre.node.plugins.PluginFailureLog;
import io.mre.node.plugins.PluginLimits;
import io.mre.node.plugins.PluginLoader;
import io.mre.node.plugins.TimeLimitedPluginInvoker;
import jakarta.inject.Singleton;

/**
 * Loads the node's plugins (built in and from the plugin folder) and the one invoker every call into a plugin runs
 * through (time limit, overrun cap, context class loader).
 */
public final class PluginsModule extends AbstractModule {
    @Override
    protected void configure() {
        // The wall clock; a test may set its own deadline (e.g. one that passes once a stuck policy has started).
        OptionalBinder.newOptionalBinder(binder(), TimeLimitedPluginInvoker.Deadline.class)
                .setDefault()
                .toInstance(TimeLimitedPluginInvoker.WALL_CLOCK);
    }

    /**
     * A plugin that cannot be loaded is a configuration problem: start-up stops with the loader's one line (jar,
     * plugin, cause) under the key it concerns, rather than with the bare root cause.
     */
    @Provides
    @Singleton
    LoadedPlugins plugins(NodeConfig config) {
        try {
            return PluginLoader.load(config.plugins());
        } catch (PluginException e) {
            throw new ConfigException(e.key() + ": " + e.getMessage(), e);
        }
    }

    @Provides
    @Singleton
    PluginFailureLog pluginFailures(java.time.InstantSource clock) {
        return new PluginFailureLog(clock);
    }

    @Provides
    @Singleton
    TimeLimitedPluginInvoker pluginInvoker(NodeConfig config, TimeLimitedPluginInvoker.Deadline deadline) {
        // limits.pluginTimeLimit and limits.maxOverrunningPlugins, for every kind of plugin call.
        return new TimeLimitedPluginInvoker(PluginLimits.of(config.limits()), deadline);
    }
}
