package io.mre.node.metrics;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the node is serving: set by the gRPC server as it starts and as it begins to shut down, read by the
 * admin endpoint's {@code /healthz}.
 */
public final class NodeHealth {
    private final AtomicBoolean serving = new AtomicBoolean();

    public boolean isServing() {
        return serving.get();
    }

    public void setServing(boolean value) {
        serving.set(value);
    }
}
