package io.mre.node.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The plugin folder (jars loaded in isolation) and the policies, advisors, handlers and caller authorizers to
 * enable.
 */
public record Plugins(
        Optional<Path> folder,
        List<PluginSpec> policies,
        List<PluginSpec> advisors,
        List<PluginSpec> handlers,
        List<PluginSpec> callers) {
    public Plugins {
        requireNonNull(folder, "folder is null");
        policies = List.copyOf(policies);
        advisors = List.copyOf(advisors);
        handlers = List.copyOf(handlers);
        callers = List.copyOf(callers);
    }

    /** Without caller authorizers. */
    public Plugins(
            Optional<Path> folder, List<PluginSpec> policies, List<PluginSpec> advisors, List<PluginSpec> handlers) {
        this(folder, policies, advisors, handlers, List.of());
    }

    /** No folder, nothing enabled beyond what the node has built in. */
    public static Plugins none() {
        return new Plugins(Optional.empty(), List.of(), List.of(), List.of(), List.of());
    }
}
