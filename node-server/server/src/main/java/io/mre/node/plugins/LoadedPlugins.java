package io.mre.node.plugins;

import io.mre.proto.v1.PluginInfo;
import io.mre.spi.Advisor;
import io.mre.spi.OperationHandler;
import io.mre.spi.Policy;
import java.util.List;

/** The policies, advisors and handlers a node enabled, and where each came from (listed by Describe). */
public record LoadedPlugins(List<Policy> policies, List<Advisor> advisors, List<OperationHandler> handlers,
        List<PluginInfo> infos) {
    public LoadedPlugins {
        policies = List.copyOf(policies);
        advisors = List.copyOf(advisors);
        handlers = List.copyOf(handlers);
        infos = List.copyOf(infos);
    }
}
