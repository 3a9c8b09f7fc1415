package io.mre.node.plugins;

import io.mre.proto.v1.PluginInfo;
import io.mre.spi.Advisor;
import io.mre.spi.CallerAuthorizer;
import io.mre.spi.ExpressionEvaluator;
import io.mre.spi.OperationHandler;
import io.mre.spi.Policy;
import java.util.List;
import java.util.Optional;

/**
 * The policies, advisors, handlers and caller authorizers a node enabled, and where each came from (listed by
 * Describe); and the reentry expression evaluator a plugin provides, if one does.
 */
public record LoadedPlugins(
        List<Policy> policies,
        List<Advisor> advisors,
        List<OperationHandler> handlers,
        List<CallerAuthorizer> callerAuthorizers,
        List<PluginInfo> infos,
        Optional<ExpressionEvaluator> expressions) {
    public LoadedPlugins {
        policies = List.copyOf(policies);
        advisors = List.copyOf(advisors);
        handlers = List.copyOf(handlers);
        callerAuthorizers = List.copyOf(callerAuthorizers);
        infos = List.copyOf(infos);
        java.util.Objects.requireNonNull(expressions, "expressions is null");
    }

    /** Plugins without a reentry expression evaluator. */
    public LoadedPlugins(
            List<Policy> policies,
            List<Advisor> advisors,
            List<OperationHandler> handlers,
            List<CallerAuthorizer> callerAuthorizers,
            List<PluginInfo> infos) {
        this(policies, advisors, handlers, callerAuthorizers, infos, Optional.empty());
    }
}
