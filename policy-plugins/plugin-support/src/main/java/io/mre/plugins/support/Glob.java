package io.mre.plugins.support;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A set of shell-like globs: {@code *} matches any run of characters (dots included), {@code ?} one character;
 * everything else matches itself. {@code payment.*} matches {@code payment.transfer}.
 */
public record Glob(List<String> patterns, Pattern regex) {
    /** Compiles {@code patterns}; a blank pattern is an error. */
    public static Glob of(List<String> patterns) {
        StringBuilder re = new StringBuilder();
        for (String p : patterns) {
            if (p.isBlank()) {
                throw new IllegalArgumentException("a blank pattern");
            }
            if (!re.isEmpty()) {
                re.append('|');
            }
            StringBuilder literal = new StringBuilder();
            for (char c : p.trim().toCharArray()) {
                if (c == '*' || c == '?') {
                    if (!literal.isEmpty()) {
                        re.append(Pattern.quote(literal.toString()));
                        literal.setLength(0);
                    }
                    re.append(c == '*' ? ".*" : ".");
                } else {
                    literal.append(c);
                }
            }
            if (!literal.isEmpty()) {
                re.append(Pattern.quote(literal.toString()));
            }
        }
        return new Glob(List.copyOf(patterns), Pattern.compile(re.isEmpty() ? "(?!)" : re.toString()));
    }

    /** True when {@code value} matches one of the patterns. */
    public boolean matches(String value) {
        return regex.matcher(value).matches();
    }

    /** True when there is no pattern (nothing matches). */
    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    @Override
    public String toString() {
        return patterns.toString();
    }
}
