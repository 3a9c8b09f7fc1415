package io.mre.spi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A plugin's settings from the node's YAML configuration, with typed getters that fail with a message naming
 * the key. Durations follow {@link Durations} ({@code 500ms}, {@code 30s}, {@code 1h30m}, {@code PT5M}). Each kind
 * comes in three forms: required ({@code number(key)}), with a default ({@code number(key, 10)}) and optional
 * ({@code optionalNumber(key)}); lists are empty when absent, or required and non-empty with
 * {@code requiredStrings(key)}.
 */
public record PluginSettings(String owner, Map<String, Object> values) {
    public PluginSettings {
        owner = owner == null ? "plugin" : owner;
        values = Map.copyOf(values);
    }

    /** Settings with no values. */
    public static PluginSettings empty(String owner) {
        return new PluginSettings(owner, Map.of());
    }

    /** Fails when a key outside {@code known} is present (so a typo never goes unnoticed). */
    public PluginSettings requireOnly(String... known) {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(Set.of(known));
        if (!unknown.isEmpty()) {
            throw new InvalidSettingsException(
                    owner + ": unknown setting(s) " + unknown + "; known: " + new TreeSet<>(Set.of(known)));
        }
        return this;
    }

    /** A required string. */
    public String string(String key) {
        return optionalString(key).orElseThrow(() -> missing(key));
    }

    /** An optional string. */
    public Optional<String> optionalString(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof String s) {
            return Optional.of(s);
        }
        if (v instanceof Number || v instanceof Boolean) {
            return Optional.of(String.valueOf(v));
        }
        throw bad(key, "a string", v);
    }

    /** A string with a default. */
    public String string(String key, String defaultValue) {
        return optionalString(key).orElse(defaultValue);
    }

    /** An integer with a default. */
    public long number(String key, long defaultValue) {
        return optionalNumber(key).orElse(defaultValue);
    }

    /** A required integer. */
    public long number(String key) {
        return optionalNumber(key).orElseThrow(() -> missing(key));
    }

    /** An optional integer ({@code 12000}, {@code 12000.0} or {@code "12000"}). */
    public Optional<Long> optionalNumber(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return Optional.of(n.longValue());
        }
        if (v instanceof String s) {
            try {
                return Optional.of(Long.parseLong(s.trim()));
            } catch (NumberFormatException e) {
                throw bad(key, "an integer", v);
            }
        }
        throw bad(key, "an integer", v);
    }

    /** A required decimal number ({@code 0.03}, {@code 3}, {@code "0.03"}). */
    public double decimal(String key) {
        return optionalDecimal(key).orElseThrow(() -> missing(key));
    }

    /** A decimal number with a default. */
    public double decimal(String key, double defaultValue) {
        return optionalDecimal(key).orElse(defaultValue);
    }

    /** An optional decimal number. */
    public Optional<Double> optionalDecimal(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
            return Optional.of(n.doubleValue());
        }
        if (v instanceof String s) {
            try {
                double d = Double.parseDouble(s.trim());
                if (Double.isFinite(d)) {
                    return Optional.of(d);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw bad(key, "a number", v);
    }

    /** A required boolean. */
    public boolean flag(String key) {
        if (!values.containsKey(key)) {
            throw missing(key);
        }
        return flag(key, false);
    }

    /** A boolean with a default. */
    public boolean flag(String key, boolean defaultValue) {
        Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s && (s.equals("true") || s.equals("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw bad(key, "true or false", v);
    }

    /** A duration with a default. */
    public Duration duration(String key, Duration defaultValue) {
        return optionalDuration(key).orElse(defaultValue);
    }

    /** A required duration. */
    public Duration duration(String key) {
        return optionalDuration(key).orElseThrow(() -> missing(key));
    }

    /** An optional duration. */
    public Optional<Duration> optionalDuration(String key) {
        return optionalString(key).map(s -> parseDuration(key, s));
    }

    /** A required, non-empty list of strings (a YAML list, or one comma-separated string). */
    public List<String> requiredStrings(String key) {
        List<String> list = strings(key);
        if (list.isEmpty()) {
            throw values.containsKey(key)
                    ? new InvalidSettingsException(owner + ": setting '" + key + "' must list at least one value")
                    : missing(key);
        }
        return list;
    }

    /** A list of strings (a YAML list, or one comma-separated string); empty when absent. */
    public List<String> strings(String key) {
        Object v = values.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof String s) {
            return s.isBlank() ? List.of() : List.of(s.split("\\s*,\\s*"));
        }
        if (v instanceof List<?> list) {
            List<String> out = new ArrayList<>(list.size());
            for (Object o : list) {
                if (!(o instanceof String || o instanceof Number || o instanceof Boolean)) {
                    throw bad(key, "a list of strings", v);
                }
                out.add(String.valueOf(o));
            }
            return List.copyOf(out);
        }
        throw bad(key, "a list of strings", v);
    }

    /** A nested map (a YAML mapping); empty when absent. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Map.of();
        }
        if (v instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw bad(key, "a mapping", v);
    }

    private Duration parseDuration(String key, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(owner + ": setting '" + key + "' " + e.getMessage());
        }
    }

    private InvalidSettingsException missing(String key) {
        return new InvalidSettingsException(owner + ": missing setting '" + key + "'");
    }

    private InvalidSettingsException bad(String key, String expected, Object actual) {
        return new InvalidSettingsException(
                owner + ": setting '" + key + "' must be " + expected + ", got '" + actual + "'");
    }
}
