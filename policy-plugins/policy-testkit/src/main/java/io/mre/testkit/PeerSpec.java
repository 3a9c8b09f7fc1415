package io.mre.testkit;

import static java.util.Objects.requireNonNull;

import io.mre.spi.PeerView;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A fake peer: what a node knows of another node it may delegate to. Immutable.
 *
 * <pre>{@code
 * PeerSpec bank = peer("b1", "bank.example", "payment.transfer").withLabel("region", "eu-west");
 * harness.evaluate(policy, claim, delegatingTo(bank));
 * }</pre>
 *
 * @param nodeId the peer's id
 * @param trustDomain its trust domain
 * @param address where it listens (fake: {@code test://<nodeId>} by default)
 * @param labels its labels
 * @param capabilities the operations it executes
 */
public record PeerSpec(
        String nodeId, String trustDomain, String address, Map<String, String> labels, Set<String> capabilities) {
    public PeerSpec {
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(trustDomain, "trustDomain is null");
        requireNonNull(address, "address is null");
        labels = Map.copyOf(labels);
        capabilities = Set.copyOf(capabilities);
    }

    /** Adds (or replaces) one label. */
    public PeerSpec withLabel(String key, String value) {
        Map<String, String> l = new LinkedHashMap<>(labels);
        l.put(requireNonNull(key, "key is null"), requireNonNull(value, "value is null"));
        return new PeerSpec(nodeId, trustDomain, address, l, capabilities);
    }

    /** Adds capabilities (operations the peer executes). */
    public PeerSpec withCapabilities(String... operations) {
        Set<String> c = new LinkedHashSet<>(capabilities);
        c.addAll(List.of(operations));
        return new PeerSpec(nodeId, trustDomain, address, labels, c);
    }

    public PeerSpec withAddress(String address) {
        return new PeerSpec(nodeId, trustDomain, address, labels, capabilities);
    }

    /** The peer as the SPI describes it. */
    public PeerView view() {
        return new PeerView(nodeId, trustDomain, address, labels, capabilities);
    }
}
