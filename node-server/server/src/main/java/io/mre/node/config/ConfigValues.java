package io.mre.node.config;

import io.mre.spi.Durations;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for the textual values of the configuration. Each throws {@link IllegalArgumentException} whose message
 * reads after the key, e.g. {@code must be a size such as 4194304, 512KiB or 4MiB, got 'big'}.
 */
final class ConfigValues {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB)?");
    private static final long MAX_SIZE = 1L << 30;

    private ConfigValues() {}

    /** A duration in the one grammar of {@link Durations} ({@code 5s}, {@code 1h30m}, {@code PT5S}), above zero. */
    static Duration positiveDuration(String text) {
        Duration d = Durations.parse(text);
        if (d.isZero()) {
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

    private static IllegalArgumentException badSize(String text) {
        return new IllegalArgumentException("must be a size such as 4194304, 512KiB or 4MiB, got '" + text + "'");
    }
}
