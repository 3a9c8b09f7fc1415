package io.mre.spi;

import static java.util.Objects.requireNonNull;

/**
 * What a {@link CallerAuthorizer} says about a caller's request.
 *
 * @param decision allow (widen), deny (narrow) or abstain (leave it to the others and the default rule)
 * @param reason why, in a few words; sent to a refused caller and logged
 */
public record CallerVerdict(Decision decision, String reason) {
    /** The three answers. */
    public enum Decision {
        /** Admit the caller even if the default rule would not (unless another authorizer denies). */
        ALLOW,
        /** Refuse the caller, whatever the default rule and the other authorizers say. */
        DENY,
        /** No opinion. */
        ABSTAIN
    }

    public CallerVerdict {
        requireNonNull(decision, "decision is null");
        requireNonNull(reason, "reason is null");
    }

    public static CallerVerdict allow(String reason) {
        return new CallerVerdict(Decision.ALLOW, reason);
    }

    public static CallerVerdict deny(String reason) {
        return new CallerVerdict(Decision.DENY, reason);
    }

    public static CallerVerdict abstain() {
        return new CallerVerdict(Decision.ABSTAIN, "");
    }
}
