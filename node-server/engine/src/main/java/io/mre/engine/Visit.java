package io.mre.engine;

import static java.util.Objects.requireNonNull;

import io.mre.engine.fold.FoldedState;
import io.mre.engine.verify.VerifiedObject;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.spi.PeerView;
import java.util.List;
import java.util.Optional;

/**
 * The result of a node's visit: the object as it leaves, why it leaves, and what was appended.
 *
 * @param object the object, verified (this node signed what it appended)
 * @param state its folded state
 * @param exit why the visit ended
 * @param appended the entries this visit appended, in order
 * @param delegateTo the peer to hand the object to, for {@link Exit#DELEGATED}
 */
public record Visit(
        VerifiedObject object,
        FoldedState state,
        Exit exit,
        List<EntryEnvelope> appended,
        Optional<PeerView> delegateTo) {
    /** Why a visit ended. */
    public enum Exit {
        /** The last entry delegates the object to {@link #delegateTo()}. */
        DELEGATED,
        /** The object is dormant (possibly unchanged, when nothing woke it). */
        DORMANT,
        /** The object terminated (possibly earlier). */
        TERMINATED,
        /** The per-visit cycle budget was spent; the object is still active. */
        BUDGET_SPENT
    }

    public Visit {
        requireNonNull(object, "object is null");
        requireNonNull(state, "state is null");
        requireNonNull(exit, "exit is null");
        appended = List.copyOf(appended);
        requireNonNull(delegateTo, "delegateTo is null");
    }
}
