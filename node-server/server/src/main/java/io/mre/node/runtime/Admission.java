package io.mre.node.runtime;

import io.mre.engine.fold.FoldedState;
import io.mre.proto.v1.ExecutableObject;

/**
 * Whether the client of the current request may have it: called by {@link NodeRuntime} once it has the object
 * (loaded, or verified when sent inline) and before it returns, streams or appends anything — under the object's
 * lock where the request changes the object, so the decision sees the state the request acts on.
 */
@FunctionalInterface
public interface Admission {
    /**
     * Returns when the caller may go on.
     *
     * @throws io.mre.engine.MreException CALLER_NOT_AUTHORIZED when it may not
     */
    void check(ExecutableObject object, FoldedState state);

    /** Admits everyone: for callers the node trusts as local (plaintext on loopback) and for tests. */
    Admission ANYONE = (object, state) -> {};
}
