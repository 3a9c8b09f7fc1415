package io.mre.cli.intent;

import java.time.Duration;

/**
 * Durations on the command line and in intent files, in the grammar every part of MRE reads
 * ({@link io.mre.spi.Durations}: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}, {@code 1h30m},
 * ISO-8601 {@code PT10M}), with the command line's wording of a refusal.
 */
public final class Durations {
    private Durations() {}

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static Duration parse(String text) {
        try {
            return io.mre.spi.Durations.parse(text);
        } catch (IllegalArgumentException e) {
            // "must not be negative" or "must be at most 10000 years" say more than the forms do.
            String reason = e.getMessage().startsWith("must be " + io.mre.spi.Durations.FORMS)
                    ? ""
                    : "; " + e.getMessage().replaceFirst(", got '.*'$", "");
            throw new IllegalArgumentException("'" + text + "' is not a duration (use e.g. 500ms, 30s, 10m, 2h, 1d, "
                    + "1h30m or PT10M" + reason + ")");
        }
    }
}
