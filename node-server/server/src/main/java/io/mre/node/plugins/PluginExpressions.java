package io.mre.node.plugins;

import static java.util.Objects.requireNonNull;

import io.mre.engine.ExpressionEvaluator;
import io.mre.spi.ObjectView;
import java.time.InstantSource;

/**
 * The engine's view of a plugin's reentry expression evaluator: asked with the node's clock, run (by the engine)
 * through the node's plugin invoker under the plugin's class loader.
 */
public final class PluginExpressions implements ExpressionEvaluator {
    private final io.mre.spi.ExpressionEvaluator evaluator;
    private final InstantSource clock;

    public PluginExpressions(io.mre.spi.ExpressionEvaluator evaluator, InstantSource clock) {
        this.evaluator = requireNonNull(evaluator, "evaluator is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public boolean holds(String expression, ObjectView object) {
        return evaluator.holds(expression, object, clock.instant());
    }

    @Override
    public Object plugin() {
        return evaluator;
    }

    @Override
    public String name() {
        return String.valueOf(evaluator.language());
    }
}
