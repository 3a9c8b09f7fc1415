package io.mre.it.mesh;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How to configure one node of a {@link TestMesh}: what its {@code node.yaml} says.
 *
 * @param nodeId the node id (and the CN of its certificate)
 * @param domain its trust domain (the CA that issues its certificate)
 * @param stateless stateless mode instead of memory-aware
 * @param port 0 to let the node pick a free port; a fixed port for a node that restarts where its peers know it
 * @param handlers the handlers of the test plugin it enables (each names its operation)
 * @param peers the peers' addresses ({@code host:port})
 * @param trusted the domains its trust bundle holds; empty: every domain of the mesh
 * @param limits extra {@code limits:} keys, e.g. {@code maxObjectBytes: 16KiB}
 * @param labels its labels
 * @param admin whether it serves its admin endpoint ({@code /metrics}, {@code /healthz}) on a free loopback port
 */
public record NodeOptions(
        String nodeId,
        String domain,
        boolean stateless,
        int port,
        List<String> handlers,
        List<String> peers,
        Set<String> trusted,
        Map<String, String> limits,
        Map<String, String> labels,
        boolean admin) {
    public NodeOptions {
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(domain, "domain is null");
        handlers = List.copyOf(handlers);
        peers = List.copyOf(peers);
        trusted = Set.copyOf(trusted);
        limits = Map.copyOf(limits);
        labels = Map.copyOf(labels);
    }

    /** A memory-aware node on a free port, with no handlers, peers or extra limits, trusting the whole mesh. */
    public static NodeOptions of(String nodeId, String domain) {
        return new NodeOptions(nodeId, domain, false, 0, List.of(), List.of(), Set.of(), Map.of(), Map.of(), false);
    }

    public NodeOptions asStateless() {
        return new NodeOptions(nodeId, domain, true, port, handlers, peers, trusted, limits, labels, admin);
    }

    public NodeOptions withPort(int value) {
        return new NodeOptions(nodeId, domain, stateless, value, handlers, peers, trusted, limits, labels, admin);
    }

    public NodeOptions withHandlers(String... operations) {
        return new NodeOptions(
                nodeId, domain, stateless, port, List.of(operations), peers, trusted, limits, labels, admin);
    }

    /** Peers by address, or by the mesh nodes themselves (their current address). */
    public NodeOptions withPeers(String... addresses) {
        return new NodeOptions(
                nodeId, domain, stateless, port, handlers, List.of(addresses), trusted, limits, labels, admin);
    }

    public NodeOptions withPeers(MeshNode... nodes) {
        return withPeers(java.util.Arrays.stream(nodes).map(MeshNode::address).toArray(String[]::new));
    }

    public NodeOptions trusting(String... domains) {
        return new NodeOptions(
                nodeId, domain, stateless, port, handlers, peers, Set.of(domains), limits, labels, admin);
    }

    public NodeOptions withLimit(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(limits);
        m.put(key, value);
        return new NodeOptions(nodeId, domain, stateless, port, handlers, peers, trusted, m, labels, admin);
    }

    public NodeOptions withLabel(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(labels);
        m.put(key, value);
        return new NodeOptions(nodeId, domain, stateless, port, handlers, peers, trusted, limits, m, admin);
    }

    public NodeOptions withAdmin() {
        return new NodeOptions(nodeId, domain, stateless, port, handlers, peers, trusted, limits, labels, true);
    }

    /** The listener's fixed port, if any. */
    public Optional<Integer> fixedPort() {
        return port == 0 ? Optional.empty() : Optional.of(port);
    }
}
