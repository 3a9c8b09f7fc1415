package io.mre.spi;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration grammar of MRE: plugin settings ({@link PluginSettings#duration}), the node's {@code node.yaml}
 * and the {@code mre} command line (options such as {@code --wait}, intent files) all read durations with
 * {@link #parse(String)}, so a value that one of them accepts means the same everywhere.
 *
 * <p>A duration is either
 * <ul>
 *   <li>one or more parts, each a whole number and a unit — {@code ms}, {@code s}, {@code m}, {@code h} or
 *       {@code d} (24 hours) — added up: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h30m}; blanks may stand
 *       between a number and its unit and between parts ({@code 1h 30m}); or</li>
 *   <li>ISO-8601 as {@link Duration#parse(CharSequence)} reads it, letters in either case: {@code PT10M},
 *       {@code P1DT2H}.</li>
 * </ul>
 * {@code 0} alone is zero; any other number needs a unit. A duration is never negative and at most 10 000 years
 * (the longest {@code google.protobuf.Duration}). Leading and trailing blanks are ignored. Whether zero is
 * allowed is for the caller to say.
 */
public final class Durations {
    /** The longest duration accepted: that of {@code google.protobuf.Duration} (10 000 years). */
    public static final Duration MAX = Duration.ofSeconds(315_576_000_000L);
    /** The forms, for messages: "must be {@value}, got ...". */
    public static final String FORMS = "a duration such as 500ms, 30s, 1h30m or PT10M";

    private static final Pattern WHOLE = Pattern.compile("(\\d+\\s*(ms|s|m|h|d)\\s*)+");
    private static final Pattern PART = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Durations() {}

    /**
     * Parses {@code text} (see the class comment).
     *
     * @throws IllegalArgumentException with a message that reads after a key or a setting's name, e.g.
     *     {@code must be a duration such as 500ms, 30s, 1h30m or PT10M, got 'soon'}
     */
    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("must be " + FORMS + ", got nothing");
        }
        String t = text.strip();
        Duration d;
        try {
            if (t.equals("0")) {
                d = Duration.ZERO;
            } else if (t.startsWith("P") || t.startsWith("p")) {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            } else if (WHOLE.matcher(t).matches()) {
                d = Duration.ZERO;
                Matcher m = PART.matcher(t);
                while (m.find()) {
                    long n = Long.parseLong(m.group(1));
                    d = d.plus(
                            switch (m.group(2)) {
                                case "ms" -> Duration.ofMillis(n);
                                case "s" -> Duration.ofSeconds(n);
                                case "m" -> Duration.ofMinutes(n);
                                case "h" -> Duration.ofHours(n);
                                default -> Duration.ofDays(n);
                            });
                }
            } else {
                throw invalid(text);
            }
        } catch (DateTimeParseException e) {
            throw invalid(text);
        } catch (ArithmeticException | NumberFormatException e) {
            throw tooLong(text);
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException("must not be negative, got '" + text + "'");
        }
        if (d.compareTo(MAX) > 0) {
            throw tooLong(text);
        }
        return d;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("must be " + FORMS + ", got '" + text + "'");
    }

    private static IllegalArgumentException tooLong(String text) {
        return new IllegalArgumentException("must be at most 10000 years, got '" + text + "'");
    }
}
