package io.mre.node.config;

import java.util.List;
import java.util.Map;

/**
 * The YAML document as Jackson binds it. Scalars are bound as text so that {@link ConfigValidator} parses every
 * value itself and can name the key and the expected form in one line; Jackson only checks the shape (unknown
 * keys, a list where a value belongs, duplicate keys).
 */
final class RawConfig {
    private RawConfig() {}

    record Node(
            String nodeId,
            String trustDomain,
            String listen,
            String admin,
            String mode,
            String dataDir,
            Identity identity,
            String trustBundle,
            List<String> peers,
            Map<String, String> labels,
            ClientTls clientTls,
            Plugins plugins,
            Limits limits) {}

    record Identity(String key, String certificate) {}

    record ClientTls(String required) {}

    record Plugins(
            String folder, List<Plugin> policies, List<Plugin> advisors, List<Plugin> handlers, List<Plugin> callers) {}

    record Plugin(String name, Map<String, Object> settings, String optional) {}

    record Limits(
            String maxObjectBytes,
            String maxEntries,
            String maxCyclesPerVisit,
            String maxConcurrentEvaluations,
            String handoffTimeout,
            String keepTerminated,
            String noPeerRetryMax,
            String noPeerRetryDelay,
            String defaultMaxHops,
            String pluginTimeLimit,
            String maxOverrunningPlugins,
            String shutdownGrace) {}
}
