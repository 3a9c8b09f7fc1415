package io.mre.node.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep, immutable copies of a plugin's settings as YAML gave them. Null values (an empty YAML value) are left out,
 * as the SPI promises plugins; order is kept so a plugin that reports its settings shows them as written.
 */
final class Settings {
    private Settings() {}

    static Map<String, Object> copyOf(Map<String, Object> raw) {
        if (raw == null) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            Object copy = copyValue(v);
            if (copy != null) {
                out.put(k, copy);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    @SuppressWarnings("unchecked")
    private static Object copyValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            return copyOf((Map<String, Object>) m);
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                Object copy = copyValue(o);
                if (copy != null) {
                    out.add(copy);
                }
            }
            return List.copyOf(out);
        }
        return v;
    }
}
