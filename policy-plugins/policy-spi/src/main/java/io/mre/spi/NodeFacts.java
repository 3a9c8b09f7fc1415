package io.mre.spi;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Set;

/** The evaluating node: its id, trust domain, labels (e.g. region) and the operations it executes. */
public record NodeFacts(String nodeId, String trustDomain, Map<String, String> labels, Set<String> capabilities) {
    public NodeFacts {
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(trustDomain, "trustDomain is null");
        labels = Map.copyOf(labels);
        capabilities = Set.copyOf(capabilities);
    }
}
