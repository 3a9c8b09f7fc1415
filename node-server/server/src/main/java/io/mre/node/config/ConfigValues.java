package io.mre.node.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for the textual values of the configuration. Each throws {@link IllegalArgumentException} whose message
 * reads after the key, e.g. {@code must be a duration such as 5s, 500ms or PT5S, got 'soon'}.
 */
final class ConfigValues {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB)?");
    private static final long MAX_SIZE = 1L << 30;

    private ConfigValues() {}

    /** ISO-8601 ({@code PT5S}) or a number and a unit: ms, s, m, h, d (the syntax plugin settings use too). */
    static Duration positiveDuration(String text) {
        String s = text.trim();
        Duration d;
        try {
            Matcher m = DURATION.matcher(s);
            if (s.regionMatches(true, 0, "P", 0, 1)) {
                d = Duration.parse(s.toUpperCase(Locale.ROOT));
            } else if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                d = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            } else {
                throw badDuration(text);
            }
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw badDuration(text);
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("must be a positive duration, got '" + text + "'");
        }
        return d;
    }

    /** A byte count: a plain number or a number with B, KiB, MiB or GiB; between 1 byte and 1 GiB. */
    static long size(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw badSize(text);
        }
        long unit = switch (m.group(2) == null ? "B" : m.group(2)) {
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            default -> 1L;
        };
        long n;
        try {
            n = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw badSize(text);
        }
        if (n <= 0 || n > MAX_SIZE) {
            throw new IllegalArgumentException("must be between 1 and 1GiB, got '" + text + "'");
        }
        return n;
    }

    /** A positive {@code int}. */
    static int positiveInt(String text) {
        long n;
        try {
            n = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a positive integer, got '" + text + "'");
        }
        if (n <= 0 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("must be a positive integer, got '" + text + "'");
        }
        return (int) n;
    }

    /** {@code true} or {@code false} (the YAML parser has already turned YAML 1.1's yes/no/on/off into these). */
    static boolean bool(String text) {
        return switch (text.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false, got '" + text + "'");
        };
    }

    /** A value as it may appear in a one-line message: line breaks shown as \\n, long values cut. */
    static String escape(String s) {
        String one = s.replace("\r", "\\r").replace("\n", "\\n");
        return one.length() > 120 ? one.substring(0, 120) + "..." : one;
    }

    private static IllegalArgumentException badDuration(String text) {
        return new IllegalArgumentException("must be a duration such as 5s, 500ms or PT5S, got '" + text + "'");
    }

    private static IllegalArgumentException badSize(String text) {
        return new IllegalArgumentException("must be a size such as 4194304, 512KiB or 4MiB, got '" + text + "'");
    }
}
