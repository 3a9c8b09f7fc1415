package io.mre.node;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.mre.crypto.SigningKey;
import io.mre.crypto.TrustBundle;
import io.mre.engine.Engine;
import io.mre.engine.EngineSettings;
import io.mre.engine.ExpressionEvaluator;
import io.mre.engine.PeerDirectory;
import io.mre.engine.Plugins;
import io.mre.engine.codec.Limits;
import io.mre.engine.verify.VerifierSettings;
import io.mre.node.config.NodeConfig;
import io.mre.node.plugins.LoadedPlugins;
import io.mre.node.plugins.PluginExpressions;
import io.mre.node.plugins.TimeLimitedPluginInvoker;
import io.mre.spi.OperationHandler;
import jakarta.inject.Singleton;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;

/** The engine of this node: its identity, trust anchors, limits, plugins and peers. */
public final class EngineModule extends AbstractModule {
    @Override
    protected void configure() {
        // The system clock; a test may set its own (an injected clock instead of waiting out real time).
        com.google.inject.multibindings.OptionalBinder.newOptionalBinder(binder(), InstantSource.class)
                .setDefault()
                .toInstance(InstantSource.system());
    }

    @Provides
    @Singleton
    ExpressionEvaluator expressions(LoadedPlugins loaded, InstantSource clock) {
        // Reentry expressions (e.g. CEL's "object.state.signals.size() > 1") come from the plugin that provides an
        // evaluator (the built-in cel-policy); without one, an expression never holds.
        return loaded.expressions()
                .<ExpressionEvaluator>map(e -> new PluginExpressions(e, clock))
                .orElse(ExpressionEvaluator.NONE);
    }

    @Provides
    @Singleton
    Engine engine(
            NodeConfig config,
            SigningKey key,
            TrustBundle trust,
            LoadedPlugins loaded,
            TimeLimitedPluginInvoker invoker,
            io.mre.node.plugins.PluginFailureLog failures,
            PeerDirectory peers,
            ExpressionEvaluator expressions,
            InstantSource clock,
            io.micrometer.core.instrument.MeterRegistry registry) {
        Limits limits = new Limits(
                (int) Math.min(Integer.MAX_VALUE, config.limits().maxObjectBytes()),
                config.limits().maxEntries());
        EngineSettings settings = new EngineSettings(
                new VerifierSettings(trust, limits, false, false),
                config.limits().maxCyclesPerVisit(),
                config.limits().defaultMaxHops(),
                config.limits().noPeerRetryDelay(),
                config.limits().noPeerRetryMax());
        Map<String, OperationHandler> handlers = new HashMap<>();
        for (OperationHandler h : loaded.handlers()) {
            if (handlers.putIfAbsent(h.operation(), h) != null) {
                throw new io.mre.node.config.ConfigException(
                        "plugins.handlers: two handlers execute operation '" + h.operation() + "'");
            }
        }
        Engine engine = new Engine(
                settings,
                key,
                config.labels(),
                new Plugins(loaded.policies(), loaded.advisors(), handlers, invoker, failures),
                peers,
                expressions,
                clock);
        io.micrometer.core.instrument.FunctionCounter.builder(
                        "mre.verify.signatures.skipped", engine, Engine::signatureChecksSkipped)
                .description("signature checks skipped: entries and author signatures this node had verified or signed")
                .register(registry);
        return engine;
    }
}
