package io.mre.spi;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** One line of an object's history: who did what, when. */
public record EntryView(long seq, Instant time, String nodeId, String trustDomain, ActionKind action, String stepId) {
    public EntryView {
        requireNonNull(time, "time is null");
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(trustDomain, "trustDomain is null");
        requireNonNull(action, "action is null");
        requireNonNull(stepId, "stepId is null");
    }
}
