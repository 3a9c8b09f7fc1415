package io.mre.node;

import static java.util.Objects.requireNonNull;

import io.mre.node.grpc.NodeServer;
import io.mre.node.metrics.AdminServer;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.util.Optional;

/** One running node: its gRPC server and, if configured, its admin endpoint. */
public final class Node implements AutoCloseable {
    private final NodeServer server;
    private final Optional<AdminServer> admin;

    @Inject
    public Node(NodeServer server, Optional<AdminServer> admin) {
        this.server = requireNonNull(server, "server is null");
        this.admin = requireNonNull(admin, "admin is null");
    }

    /** Starts serving gRPC, then the admin endpoint. */
    public void start() {
        server.start();
        admin.ifPresent(AdminServer::start);
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
        server.awaitTermination();
    }

    /**
     * Stops gracefully: the gRPC server (health NOT_SERVING, drain the calls in flight, close the store), then the
     * admin endpoint, which answers {@code /healthz} with 503 and still serves {@code /metrics} while the node drains.
     */
    @Override
    public void close() {
        try {
            server.shutdown();
        } finally {
            admin.ifPresent(AdminServer::close);
        }
    }
}
