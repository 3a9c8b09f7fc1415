package io.mre.node.grpc;

import static java.util.Objects.requireNonNull;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.mre.node.config.HostPort;
import io.mre.node.metrics.NodeHealth;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's gRPC server on Netty (epoll where the native transport loads, else NIO): the MRE services it is given,
 * the standard health and reflection services, global interceptors, and a graceful shutdown.
 *
 * <p>Service calls run on virtual threads: a call may block on a durable store write or a peer's acknowledgement,
 * and a platform thread per waiting call would cap concurrency long before the machine does.
 *
 * <p>Shutdown: health turns NOT_SERVING, the server stops accepting connections and calls, in-flight calls get up to
 * the grace period to finish (then they are cancelled). What stops after it (the runtime, the store...) is the
 * lifecycle's business ({@link io.mre.node.lifecycle.LifecycleManager}).
 */
public final class NodeServer {
    private static final Logger log = LoggerFactory.getLogger(NodeServer.class);
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(5);

    private final HostPort listen;
    private final ServerCredentials credentials;
    private final List<BindableService> services;
    private final List<ServerInterceptor> interceptors;
    private final NodeHealth health;
    private final int maxInboundMessageSize;
    private final Duration shutdownGrace;
    private final HealthStatusManager grpcHealth = new HealthStatusManager();
    private final CountDownLatch terminated = new CountDownLatch(1);
    // Guards the start/shutdown transitions only; the waiting in shutdown happens outside it.
    private final Object lock = new Object();
    private Server server;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private ExecutorService executor;
    private volatile InetSocketAddress bound;
    private boolean stopping;

    private NodeServer(Builder b) {
        this.listen = requireNonNull(b.listen, "listen is null");
        this.credentials = requireNonNull(b.credentials, "credentials is null");
        this.services = List.copyOf(b.services);
        this.interceptors = List.copyOf(b.interceptors);
        this.health = requireNonNull(b.health, "health is null");
        this.maxInboundMessageSize = b.maxInboundMessageSize;
        this.shutdownGrace = requireNonNull(b.shutdownGrace, "shutdownGrace is null");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds and starts serving; every service reports SERVING. */
    public void start() {
        synchronized (lock) {
            if (server != null || stopping) {
                throw new IllegalStateException("a node server starts once");
            }
            boolean epoll = Epoll.isAvailable();
            IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
            Class<? extends ServerChannel> channelType =
                    epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
            boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("grpc-boss", true), io);
            workers = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("grpc-worker", true), io);
            executor = Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name("grpc-call-", 0).factory());
            NettyServerBuilder builder = NettyServerBuilder.forAddress(listen.toSocketAddress(), credentials)
                    .channelType(channelType)
                    .bossEventLoopGroup(boss)
                    .workerEventLoopGroup(workers)
                    .executor(executor)
                    .maxInboundMessageSize(maxInboundMessageSize)
                    // A peer that cannot finish a handshake in this time is not one we want to wait for.
                    .handshakeTimeout(10, TimeUnit.SECONDS)
                    .addService(grpcHealth.getHealthService())
                    .addService(ProtoReflectionServiceV1.newInstance());
            services.forEach(s -> builder.addService(RequestParsing.inCall(s.bindService())));
            // NettyServerBuilder runs the last-added interceptor first; ours is listed outermost first.
            interceptors.reversed().forEach(builder::intercept);
            try {
                server = builder.build().start();
            } catch (IOException e) {
                releaseTransport();
                Throwable root = e;
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                // gRPC's "Failed to bind to address" and, from the cause, the system's reason (address in use ...).
                String why = root == e || root.getMessage() == null
                        ? String.valueOf(e.getMessage())
                        : e.getMessage() + " (" + root.getMessage() + ")";
                throw new UncheckedIOException("cannot listen on " + listen + ": " + why, e);
            }
            bound = new InetSocketAddress(listen.host(), server.getPort());
            grpcHealth.setStatus("", ServingStatus.SERVING);
            for (BindableService s : services) {
                ServerServiceDefinition definition = s.bindService();
                grpcHealth.setStatus(definition.getServiceDescriptor().getName(), ServingStatus.SERVING);
            }
            health.setServing(true);
            log.info("node listening on {} ({}, {} services)", address(), epoll ? "epoll" : "nio", services.size() + 2);
        }
    }

    /** The bound address: the configured host and the actual port. */
    public InetSocketAddress address() {
        InetSocketAddress address = bound;
        if (address == null) {
            throw new IllegalStateException("the node server is not started");
        }
        return address;
    }

    /** How long {@link #shutdown()} lets calls in flight finish before it cancels them. */
    public Duration shutdownGrace() {
        return shutdownGrace;
    }

    /** Whether the server is serving (started and not shutting down). */
    public boolean isServing() {
        return health.isServing();
    }

    /**
     * Stops gracefully (see the class comment) and returns once everything is released. A second call waits for
     * the first one to finish.
     */
    public void shutdown() {
        Server running;
        boolean first;
        synchronized (lock) {
            first = !stopping;
            stopping = true;
            running = server;
        }
        if (!first) {
            awaitUninterruptibly();
            return;
        }
        try {
            health.setServing(false);
            grpcHealth.enterTerminalState();
            if (running != null) {
                log.info("node shutting down: waiting up to {} for calls in flight", shutdownGrace);
                running.shutdown();
                if (!await(running, shutdownGrace)) {
                    log.warn("calls still running after {}: cancelling them", shutdownGrace);
                    running.shutdownNow();
                    await(running, CANCEL_WAIT);
                }
            }
            releaseTransport();
            log.info("gRPC server stopped");
        } finally {
            terminated.countDown();
        }
    }

    /** Blocks until {@link #shutdown()} has completed (for a main thread). */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    private void awaitUninterruptibly() {
        boolean interrupted = false;
        while (true) {
            try {
                terminated.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void releaseTransport() {
        if (executor != null) {
            executor.shutdownNow();
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static boolean await(Server server, Duration timeout) {
        try {
            return server.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Collects what a node server needs; services and interceptors may be added many times. */
    public static final class Builder {
        private HostPort listen;
        private ServerCredentials credentials;
        private final List<BindableService> services = new ArrayList<>();
        private final List<ServerInterceptor> interceptors = new ArrayList<>();
        private NodeHealth health;
        private int maxInboundMessageSize = 8 << 20;
        private Duration shutdownGrace = Duration.ofSeconds(10);

        private Builder() {}

        public Builder listen(HostPort value) {
            this.listen = requireNonNull(value, "value is null");
            return this;
        }

        /** TLS ({@code NettySslContextServerCredentials}) or, on loopback only, {@code InsecureServerCredentials}. */
        public Builder credentials(ServerCredentials value) {
            this.credentials = requireNonNull(value, "value is null");
            return this;
        }

        public Builder addService(BindableService service) {
            services.add(requireNonNull(service, "service is null"));
            return this;
        }

        public Builder addServices(List<? extends BindableService> list) {
            list.forEach(this::addService);
            return this;
        }

        /** Adds a global interceptor; the first one added is the outermost (it sees each call first). */
        public Builder addInterceptor(ServerInterceptor interceptor) {
            interceptors.add(requireNonNull(interceptor, "interceptor is null"));
            return this;
        }

        public Builder health(NodeHealth value) {
            this.health = requireNonNull(value, "value is null");
            return this;
        }

        /** The largest request gRPC accepts; keep it above the object size limit so that limit names the problem. */
        public Builder maxInboundMessageSize(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxInboundMessageSize must be positive, got " + bytes);
            }
            this.maxInboundMessageSize = bytes;
            return this;
        }

        /** How long in-flight calls may take to finish at shutdown before they are cancelled. */
        public Builder shutdownGrace(Duration value) {
            requireNonNull(value, "value is null");
            if (value.isNegative()) {
                throw new IllegalArgumentException("shutdownGrace must not be negative, got " + value);
            }
            this.shutdownGrace = value;
            return this;
        }

        public NodeServer build() {
            return new NodeServer(this);
        }
    }
}
