package io.mre.spi;

import static java.util.Objects.requireNonNull;

/**
 * A suggestion from an {@link Advisor}: an action kind and, for {@link ActionKind#MUTATE}, a plan change.
 *
 * @param suggestedAction the action suggested
 * @param patch the plan change for a MUTATE suggestion, {@link PlanPatch#NONE} otherwise
 * @param rationale why, in one line
 */
public record Advice(ActionKind suggestedAction, PlanPatch patch, String rationale) {
    public Advice {
        requireNonNull(suggestedAction, "suggestedAction is null");
        requireNonNull(patch, "patch is null");
        requireNonNull(rationale, "rationale is null");
        if (suggestedAction == ActionKind.MUTATE && patch.isEmpty()) {
            throw new IllegalArgumentException("MUTATE advice needs a non-empty patch");
        }
    }

    /** Suggests changing the plan by {@code patch}. */
    public static Advice mutate(PlanPatch patch, String rationale) {
        return new Advice(ActionKind.MUTATE, patch, rationale);
    }

    /** Suggests an action without a plan change. */
    public static Advice suggest(ActionKind action, String rationale) {
        return new Advice(action, PlanPatch.NONE, rationale);
    }
}
