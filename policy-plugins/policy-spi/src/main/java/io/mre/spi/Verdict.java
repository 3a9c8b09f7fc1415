package io.mre.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** What a {@link Policy} says about a candidate action. */
public sealed interface Verdict {
    /** Why, in one line; recorded in the entry. */
    String reason();

    /** Go ahead. */
    record Permit(String reason) implements Verdict {
        public Permit {
            requireNonNull(reason, "reason is null");
        }
    }

    /** Not now: the object goes dormant until {@code reentry} holds. */
    record Defer(Reentry reentry, String reason) implements Verdict {
        public Defer {
            requireNonNull(reentry, "reentry is null");
            requireNonNull(reason, "reason is null");
        }
    }

    /** Go ahead within {@code constraints}. */
    record Constrain(List<Constraint> constraints, String reason) implements Verdict {
        public Constrain {
            constraints = List.copyOf(constraints);
            if (constraints.isEmpty()) {
                throw new IllegalArgumentException("a CONSTRAIN verdict needs at least one constraint");
            }
            requireNonNull(reason, "reason is null");
        }
    }

    /** No. */
    record Reject(String reason) implements Verdict {
        public Reject {
            requireNonNull(reason, "reason is null");
        }
    }

    /** A PERMIT with an empty reason. */
    static Verdict permit() {
        return new Permit("");
    }

    /** A PERMIT with a reason. */
    static Verdict permit(String reason) {
        return new Permit(reason);
    }

    /** A DEFER until {@code reentry}. */
    static Verdict defer(Reentry reentry, String reason) {
        return new Defer(reentry, reason);
    }

    /** A CONSTRAIN with the given constraints. */
    static Verdict constrain(String reason, Constraint... constraints) {
        return new Constrain(List.of(constraints), reason);
    }

    /** A REJECT. */
    static Verdict reject(String reason) {
        return new Reject(reason);
    }
}
