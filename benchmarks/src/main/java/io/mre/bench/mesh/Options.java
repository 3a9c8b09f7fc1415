package io.mre.bench.mesh;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** {@code --key=value} or {@code --key value} options; every key read is checked against the ones given. */
final class Options {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> read = new TreeSet<>();

    Options(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "' (options are --key=value)");
            }
            int eq = a.indexOf('=');
            if (eq > 0) {
                values.put(a.substring(2, eq), a.substring(eq + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                values.put(a.substring(2), args[++i]);
            } else {
                values.put(a.substring(2), "true");
            }
        }
    }

    String string(String key, String defaultValue) {
        read.add(key);
        return values.getOrDefault(key, defaultValue);
    }

    int integer(String key, int defaultValue) {
        return Integer.parseInt(string(key, Integer.toString(defaultValue)).replace("_", ""));
    }

    boolean flag(String key, boolean defaultValue) {
        return Boolean.parseBoolean(string(key, Boolean.toString(defaultValue)));
    }

    Path path(String key, String defaultValue) {
        return Path.of(string(key, defaultValue));
    }

    List<Integer> integers(String key, String defaultValue) {
        return Arrays.stream(string(key, defaultValue).split(","))
                .map(String::trim)
                .map(Integer::parseInt)
                .toList();
    }

    /** Space-separated JVM options. */
    List<String> words(String key, String defaultValue) {
        String s = string(key, defaultValue).trim();
        return s.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(s.split("\\s+")));
    }

    /** Fails on an option no scenario read (a typo). */
    void requireAllRead() {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(read);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) " + unknown + "; known: " + read);
        }
    }
}
