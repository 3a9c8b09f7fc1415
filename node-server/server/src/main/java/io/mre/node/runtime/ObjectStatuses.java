package io.mre.node.runtime;

import io.mre.engine.fold.FoldedState;
import io.mre.proto.v1.Lifecycle;
import io.mre.proto.v1.ObjectStatus;

/** The short, client-facing form of a folded state. */
public final class ObjectStatuses {
    private ObjectStatuses() {}

    public static ObjectStatus of(String objectId, FoldedState s) {
        Lifecycle lifecycle = switch (s.lifecycle()) {
            case ACTIVE -> Lifecycle.LIFECYCLE_ACTIVE;
            case DORMANT -> Lifecycle.LIFECYCLE_DORMANT;
            case TERMINATED -> Lifecycle.LIFECYCLE_TERMINATED;
        };
        return ObjectStatus.newBuilder()
                .setObjectId(objectId)
                .setLifecycle(lifecycle)
                .setTerminalStatus(s.terminalStatus())
                .setNextStepId(s.nextStepId().orElse(""))
                .setEntries(s.entries())
                .setHops(s.hops())
                .addAllPending(s.pending())
                .setHolder(s.holder())
                .build();
    }
}
