package io.mre.testkit;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where test nodes and fake peers start. Import statically.
 *
 * <pre>{@code
 * import static io.mre.testkit.TestNodes.*;
 *
 * NodeSpec self = node("n1", "insurer.example").withLabel("region", "eu-west");
 * PeerSpec bank = peer("b1", "bank.example", "payment.transfer");
 * }</pre>
 */
public final class TestNodes {
    private TestNodes() {}

    /** Node {@code nodeId} of {@code trustDomain}, no labels, no capabilities. */
    public static NodeSpec node(String nodeId, String trustDomain) {
        return new NodeSpec(nodeId, trustDomain, Map.of(), Set.of());
    }

    /** Peer {@code nodeId} of {@code trustDomain} at {@code test://<nodeId>}, executing {@code operations}. */
    public static PeerSpec peer(String nodeId, String trustDomain, String... operations) {
        return new PeerSpec(nodeId, trustDomain, "test://" + nodeId, Map.of(), Set.copyOf(List.of(operations)));
    }
}
