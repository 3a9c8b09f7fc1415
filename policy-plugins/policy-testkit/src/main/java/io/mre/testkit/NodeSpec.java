package io.mre.testkit;

import static java.util.Objects.requireNonNull;

import io.mre.spi.NodeFacts;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The node that evaluates: its id, trust domain, labels and the operations it executes. Immutable.
 *
 * <pre>{@code
 * PolicyHarness harness = PolicyHarness.forNode(node("n1", "insurer.example").withLabel("region", "eu-west"));
 * }</pre>
 *
 * @param nodeId the node's id
 * @param trustDomain its trust domain
 * @param labels its labels (e.g. {@code region})
 * @param capabilities the operations it executes (an {@link EngineHarness} derives them from its handlers)
 */
public record NodeSpec(String nodeId, String trustDomain, Map<String, String> labels, Set<String> capabilities) {
    public NodeSpec {
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(trustDomain, "trustDomain is null");
        labels = Map.copyOf(labels);
        capabilities = Set.copyOf(capabilities);
    }

    /** Adds (or replaces) one label. */
    public NodeSpec withLabel(String key, String value) {
        Map<String, String> l = new LinkedHashMap<>(labels);
        l.put(requireNonNull(key, "key is null"), requireNonNull(value, "value is null"));
        return new NodeSpec(nodeId, trustDomain, l, capabilities);
    }

    /** Adds capabilities (operations the node executes). */
    public NodeSpec withCapabilities(String... operations) {
        Set<String> c = new LinkedHashSet<>(capabilities);
        c.addAll(List.of(operations));
        return new NodeSpec(nodeId, trustDomain, labels, c);
    }

    /** The node as the SPI describes it. */
    public NodeFacts facts() {
        return new NodeFacts(nodeId, trustDomain, labels, capabilities);
    }
}
