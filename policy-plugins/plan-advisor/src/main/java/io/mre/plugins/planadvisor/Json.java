package io.mre.plugins.planadvisor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Settings values as the SPI's JSON-like values: every number a {@code Double}, no nulls. */
final class Json {
    private Json() {}

    static Object normalize(Object v) {
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, x) -> {
                if (x != null) {
                    out.put(String.valueOf(k), normalize(x));
                }
            });
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object x : list) {
                if (x != null) {
                    out.add(normalize(x));
                }
            }
            return List.copyOf(out);
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String || v instanceof Boolean) {
            return v;
        }
        return String.valueOf(v);
    }
}
