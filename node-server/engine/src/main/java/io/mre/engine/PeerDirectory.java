package io.mre.engine;

import io.mre.spi.PeerView;
import java.util.List;

/** The peers a node knows, as they describe themselves. The node's federation layer keeps it current. */
@FunctionalInterface
public interface PeerDirectory {
    /** Known peers, in the node's order of preference. */
    List<PeerView> peers();

    /** No peers. */
    PeerDirectory NONE = List::of;
}
