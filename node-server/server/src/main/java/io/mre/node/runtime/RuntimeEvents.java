package io.mre.node.runtime;

import io.mre.engine.Visit;
import java.time.Duration;

/** What the runtime reports for metrics: visits (with their entries) and hand-offs. */
public interface RuntimeEvents {
    /** A visit ended (also when it appended nothing). */
    void visited(Visit visit);

    /** A custody transfer finished, successfully or not, after {@code latency}. */
    void handedOff(Duration latency, boolean accepted);

    /**
     * A peer refused a hand-off as a fork: {@code custodyMovedOn} when its history continues the head sent from
     * here (an earlier delivery was taken), else two histories of the object exist.
     */
    default void forkMet(boolean custodyMovedOn) {}

    /** Reports nothing. */
    RuntimeEvents NONE = new RuntimeEvents() {
        @Override
        public void visited(Visit visit) {}

        @Override
        public void handedOff(Duration latency, boolean accepted) {}
    };
}
