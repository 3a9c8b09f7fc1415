package io.mre.node;

import static java.util.Objects.requireNonNull;

import io.mre.node.grpc.NodeServer;
import io.mre.node.lifecycle.LifecycleManager;
import io.mre.node.metrics.AdminServer;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/** One running node: its parts, started and stopped in order by its {@link LifecycleManager}. */
public final class Node implements AutoCloseable {
    private final LifecycleManager lifecycle;
    private final NodeServer server;
    private final Optional<AdminServer> admin;

    @Inject
    public Node(LifecycleManager lifecycle, NodeServer server, Optional<AdminServer> admin) {
        this.lifecycle = requireNonNull(lifecycle, "lifecycle is null");
        this.server = requireNonNull(server, "server is null");
        this.admin = requireNonNull(admin, "admin is null");
    }

    /** Starts every part in the order {@link LifecycleModule} gives; on a failure stops what had started. */
    public void start() {
        lifecycle.start();
    }

    /** The gRPC listener's bound address. */
    public InetSocketAddress address() {
        return server.address();
    }

    /** The admin endpoint's bound address, when there is one. */
    public Optional<InetSocketAddress> adminAddress() {
        return admin.map(AdminServer::address);
    }

    /** Blocks until the node has stopped. */
    public void awaitTermination() throws InterruptedException {
        lifecycle.awaitTermination();
    }

    /** The names of the parts stopped so far, in the order they stopped (for operators' logs and tests). */
    public List<String> stopOrder() {
        return lifecycle.stopOrder();
    }

    /**
     * Stops gracefully, in the reverse start order: the gRPC server first (health NOT_SERVING, drain the calls in
     * flight), then the runtime, the peers, the plugins, the store, and last the admin endpoint, which answers
     * {@code /healthz} with 503 and still serves {@code /metrics} while the node drains.
     */
    @Override
    public void close() {
        lifecycle.stop();
    }
}
