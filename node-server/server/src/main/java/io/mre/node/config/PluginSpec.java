package io.mre.node.config;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * One plugin to enable: its name, its settings (JSON-like values handed to the plugin's factory, which
 * validates them; copied deeply, order kept, empty values left out) and whether a failure to load it only warns instead of stopping start-up.
 */
public record PluginSpec(String name, Map<String, Object> settings, boolean optional) {
    public PluginSpec {
        requireNonNull(name, "name is null");
        settings = Settings.copyOf(requireNonNull(settings, "settings is null"));
    }
}
