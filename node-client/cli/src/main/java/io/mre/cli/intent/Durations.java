package io.mre.cli.intent;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Friendly durations: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}, {@code 1h30m}, or ISO-8601 {@code PT10M}. */
public final class Durations {
    private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h|d))+");
    /** The longest google.protobuf.Duration. */
    private static final Duration MAX = Duration.ofSeconds(315_576_000_000L);
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {}

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static Duration parse(String text) {
        String t = text.strip();
        if (t.startsWith("P") || t.startsWith("p")) {
            Duration d;
            try {
                d = Duration.parse(t);
            } catch (DateTimeParseException | ArithmeticException e) {
                throw invalid(text);
            }
            if (d.compareTo(MAX) > 0) {
                throw new IllegalArgumentException("'" + text + "' is too long a duration (at most 10000 years)");
            }
            return d;
        }
        if (!WHOLE.matcher(t).matches()) {
            throw invalid(text);
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(t);
        try {
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
        if (total.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration (at most 10000 years)");
        }
        return total;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration (use e.g. 500ms, 30s, 10m, 2h, 1d, 1h30m or PT10M)");
    }
}
