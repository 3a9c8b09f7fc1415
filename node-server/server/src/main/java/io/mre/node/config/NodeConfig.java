package io.mre.node.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node's configuration, read from one YAML file by {@link #load(Path)}:
 *
 * <pre>{@code
 * nodeId: claims-1
 * trustDomain: insurer.example
 * listen: 0.0.0.0:7443          # host:port; port 0 picks a free port
 * admin: 127.0.0.1:9464         # /metrics and /healthz; leave out to disable
 * mode: memory-aware            # or stateless
 * dataDir: data                 # required for memory-aware
 * identity: {key: tls/node.key, certificate: tls/node.crt}
 * trustBundle: trust            # one CA certificate file per trusted domain
 * peers: [bureau.example:7443, 10.0.0.7:7443]
 * labels: {region: eu-west}
 * clientTls: {required: true}   # false only with a loopback listen address
 * plugins:
 *   folder: plugins
 *   policies: [{name: hop-limit, settings: {maxHops: 8}, optional: false}]
 *   advisors: []
 *   handlers: []
 *   callers: [{name: caller-rules, settings: {allow: {get: ["auditor@regulator.example"]}}}]
 * limits: {maxObjectBytes: 4MiB, maxEntries: 100000, maxCyclesPerVisit: 64,
 *          maxConcurrentEvaluations: 256, handoffTimeout: 5s, keepTerminated: 7d, noPeerRetryMax: 15m,
 *          noPeerRetryDelay: 5s, defaultMaxHops: 16, pluginTimeLimit: 500ms, maxOverrunningPlugins: 32,
 *          shutdownGrace: 10s}
 * }</pre>
 *
 * Durations follow {@link io.mre.spi.Durations}. Relative paths are resolved against the folder of the YAML file. Every path in a loaded configuration is
 * absolute, and every file and folder it names existed at load time, except the data folder, which the store
 * creates when it is missing.
 */
public record NodeConfig(
        String nodeId,
        String trustDomain,
        HostPort listen,
        Optional<HostPort> admin,
        Mode mode,
        Optional<Path> dataDir,
        Identity identity,
        Path trustBundle,
        List<HostPort> peers,
        Map<String, String> labels,
        ClientTls clientTls,
        Plugins plugins,
        Limits limits) {
    public NodeConfig {
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(trustDomain, "trustDomain is null");
        requireNonNull(listen, "listen is null");
        requireNonNull(admin, "admin is null");
        requireNonNull(mode, "mode is null");
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(identity, "identity is null");
        requireNonNull(trustBundle, "trustBundle is null");
        peers = List.copyOf(peers);
        labels = Map.copyOf(labels);
        requireNonNull(clientTls, "clientTls is null");
        requireNonNull(plugins, "plugins is null");
        requireNonNull(limits, "limits is null");
        if (mode == Mode.MEMORY_AWARE && dataDir.isEmpty()) {
            throw new IllegalArgumentException("a memory-aware node needs a dataDir");
        }
        if (!clientTls.required() && !listen.isLoopback()) {
            throw new IllegalArgumentException("plaintext clients are allowed only on a loopback listener");
        }
    }

    /**
     * Reads and validates a configuration file.
     *
     * @throws ConfigException with one line naming the file and the offending key (unknown key, missing key,
     *     bad value, missing file)
     */
    public static NodeConfig load(Path file) {
        return new ConfigLoader(file).load();
    }

    /** The data folder of a memory-aware node. */
    public Path requireDataDir() {
        return dataDir.orElseThrow(() -> new IllegalStateException("node " + nodeId + " is stateless"));
    }
}
