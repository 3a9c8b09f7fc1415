package io.mre.plugins.examples;

import io.mre.spi.InvalidSettingsException;
import io.mre.spi.Invocation;
import io.mre.spi.PluginSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Reading JSON-like values and deriving deterministic numbers and ids from them. */
final class Values {
    private Values() {}

    /** The value at a dotted path of the step's params, else of the intent's input. */
    static Optional<Object> param(Invocation inv, String path) {
        return at(inv.params(), path).or(() -> at(inv.input(), path));
    }

    static Optional<Object> at(Map<String, Object> map, String path) {
        Object current = map;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> m) || !m.containsKey(part)) {
                return Optional.empty();
            }
            current = m.get(part);
        }
        return Optional.ofNullable(current);
    }

    static OptionalDouble number(Object v) {
        if (v instanceof Number n) {
            return OptionalDouble.of(n.doubleValue());
        }
        if (v instanceof String s) {
            try {
                return OptionalDouble.of(Double.parseDouble(s.trim()));
            } catch (NumberFormatException e) {
                return OptionalDouble.empty();
            }
        }
        return OptionalDouble.empty();
    }

    /** The number at {@code path} (params, then input), or {@code fallback}. */
    static double number(Invocation inv, String path, double fallback) {
        return param(inv, path)
                .map(Values::number)
                .filter(OptionalDouble::isPresent)
                .map(OptionalDouble::getAsDouble)
                .orElse(fallback);
    }

    /** The text at {@code path} (params, then input), or {@code fallback}. */
    static String text(Invocation inv, String path, String fallback) {
        return param(inv, path).map(Values::canonical).orElse(fallback);
    }

    /** A decimal setting. */
    static double decimal(PluginSettings settings, String key, double fallback) {
        if (!settings.values().containsKey(key)) {
            return fallback;
        }
        OptionalDouble d = number(settings.values().get(key));
        if (d.isEmpty() || !Double.isFinite(d.getAsDouble())) {
            throw new InvalidSettingsException(settings.owner() + ": setting '" + key + "' must be a number, got '"
                    + settings.values().get(key) + "'");
        }
        return d.getAsDouble();
    }

    /** A stable text of a JSON-like value: maps with sorted keys, integral doubles without ".0". */
    static String canonical(Object v) {
        if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            new TreeMap<>(m.entrySet().stream()
                            .collect(Collectors.toMap(e -> String.valueOf(e.getKey()), Map.Entry::getValue)))
                    .forEach((k, x) -> {
                        if (b.length() > 1) {
                            b.append(',');
                        }
                        b.append(k).append('=').append(canonical(x));
                    });
            return b.append('}').toString();
        }
        if (v instanceof List<?> list) {
            return list.stream().map(Values::canonical).toList().toString();
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }
        return String.valueOf(v);
    }

    /** A non-negative number derived from {@code text}: the same text gives the same number everywhere. */
    static long hash(String text) {
        byte[] digest = sha256(text);
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = h << 8 | (digest[i] & 0xff);
        }
        return h & Long.MAX_VALUE;
    }

    /** An id: {@code prefix} and 8 hex digits derived from {@code text}. */
    static String id(String prefix, String text) {
        return prefix + HexFormat.of().withUpperCase().formatHex(sha256(text), 0, 4);
    }

    static double cents(double amount) {
        return Math.round(amount * 100) / 100.0;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
