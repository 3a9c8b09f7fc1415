package io.mre.node.plugins;

import io.mre.proto.v1.PluginInfo;
import io.mre.spi.Advisor;
import io.mre.spi.CallerAuthorizer;
import io.mre.spi.OperationHandler;
import io.mre.spi.Policy;
import java.util.List;

/**
 * The policies, advisors, handlers and caller authorizers a node enabled, and where each came from (listed by
 * Describe).
 */
public record LoadedPlugins(List<Policy> policies, List<Advisor> advisors, List<OperationHandler> handlers,
        List<CallerAuthorizer> callerAuthorizers, List<PluginInfo> infos) {
    public LoadedPlugins {
        policies = List.copyOf(policies);
        advisors = List.copyOf(advisors);
        handlers = List.copyOf(handlers);
        callerAuthorizers = List.copyOf(callerAuthorizers);
        infos = List.copyOf(infos);
    }
}
