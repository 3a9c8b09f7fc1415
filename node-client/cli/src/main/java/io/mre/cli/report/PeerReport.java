package io.mre.cli.report;

import java.util.List;
import java.util.Map;

/** What a node says of itself ({@code mre peers}). */
public record PeerReport(
        String node,
        String domain,
        String address,
        String mode,
        boolean serving,
        List<String> capabilities,
        Map<String, String> labels,
        List<Plugin> plugins) {
    public PeerReport {
        capabilities = List.copyOf(capabilities);
        labels = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(labels));
        plugins = List.copyOf(plugins);
    }

    /** A loaded plugin: its name, kind (policy, advisor, handler) and source (a jar, or builtin). */
    public record Plugin(String name, String kind, String source) {}
}
