package io.mre.node.config;

/** Whether the node keeps objects it holds (docs/operating-a-node.md). */
public enum Mode {
    /** Keeps nothing: dormant objects go back to the caller, delegation relays. */
    STATELESS("stateless"),
    /** Parks dormant and in-custody objects in a durable store and re-arms their timers. */
    MEMORY_AWARE("memory-aware");

    private final String label;

    Mode(String label) {
        this.label = label;
    }

    /** The name used in the YAML file and in {@code DescribeResponse.mode}. */
    public String label() {
        return label;
    }
}
