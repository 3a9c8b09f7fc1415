package io.mre.plugins.support;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Reading the JSON-like maps of the SPI (inputs, params, outputs): dotted paths and lenient numbers. */
public final class JsonValues {
    private JsonValues() {}

    /** The value at a dotted path ({@code claim.amount}) of a JSON-like map. */
    public static Optional<Object> at(Map<String, Object> map, String path) {
        Object current = map;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> m) || !m.containsKey(part)) {
                return Optional.empty();
            }
            current = m.get(part);
        }
        return Optional.ofNullable(current);
    }

    /** A number, or a string holding one; empty otherwise. */
    public static OptionalDouble number(Object v) {
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
}
