package io.mre.spi;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Set;

/** A peer a node may delegate to, as it describes itself. */
public record PeerView(
        String nodeId, String trustDomain, String address, Map<String, String> labels, Set<String> capabilities) {
    public PeerView {
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(trustDomain, "trustDomain is null");
        requireNonNull(address, "address is null");
        labels = Map.copyOf(labels);
        capabilities = Set.copyOf(capabilities);
    }
}
