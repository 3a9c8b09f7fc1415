package io.mre.engine;

import io.mre.spi.PeerView;
import java.util.List;

/** The peers a node knows, as they describe themselves. The node's federation layer keeps it current. */
@FunctionalInterface
public interface PeerDirectory {
    /** Known peers, in the node's order of preference. */
    List<PeerView> peers();

    /**
     * Asks, now, the configured peers that have not described themselves yet (a node just started, or a peer just
     * came back), and returns once they answered or a short deadline passed. The engine calls it before refusing
     * an intent whose operations no known node executes, and before a visit declares a step unroutable (dormant, no
     * peer), so that neither a client nor an object waits only because the node has not met its peers yet. A directory with nothing to ask returns at once.
     */
    default void refreshUndescribed() {}

    /**
     * The configured peers that do not answer now, by address, each with why (e.g. the TLS refusal: "no CA of
     * domain 'bureau.example' in trustBundle trust/"), so that an entry saying no peer can run a step says what to
     * fix. Empty when every peer answers or the directory does not know.
     */
    default java.util.Map<String, String> unreachable() {
        return java.util.Map.of();
    }

    /** No peers. */
    PeerDirectory NONE = List::of;
}
