package io.mre.testkit;

import io.mre.proto.v1.TerminalStatus;
import java.util.Optional;

/**
 * How an object ended: the terminal status of its TERMINATE entry.
 *
 * <pre>{@code
 * ObjectView done = TestObjects.intent("claim.settle").step("pay", "payment.transfer")
 *         .terminated(Ending.CANCELLED).view();
 * assertThat(harness.run(object).ending()).contains(Ending.COMPLETED);
 * }</pre>
 */
public enum Ending {
    /** Every step succeeded. */
    COMPLETED,
    /** A step failed for good (after compensation, if any). */
    FAILED,
    /** A policy refused the next action. */
    REJECTED,
    /** Cancelled by its owner. */
    CANCELLED,
    /** Deadline passed, hop limit reached or cycle budget spent. */
    EXPIRED;

    /** The ending recorded as {@code status}; empty for UNSPECIFIED. */
    public static Optional<Ending> of(TerminalStatus status) {
        return switch (status) {
            case TERMINAL_STATUS_COMPLETED -> Optional.of(COMPLETED);
            case TERMINAL_STATUS_FAILED -> Optional.of(FAILED);
            case TERMINAL_STATUS_REJECTED -> Optional.of(REJECTED);
            case TERMINAL_STATUS_CANCELLED -> Optional.of(CANCELLED);
            case TERMINAL_STATUS_EXPIRED -> Optional.of(EXPIRED);
            case TERMINAL_STATUS_UNSPECIFIED, UNRECOGNIZED -> Optional.empty();
        };
    }

    TerminalStatus toProto() {
        return TerminalStatus.valueOf("TERMINAL_STATUS_" + name());
    }
}
