package io.mre.node.metrics;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's small admin HTTP endpoint: {@code GET /metrics} (Prometheus text format) and {@code GET /healthz}
 * (200 while the node serves, 503 otherwise). The JDK's own HTTP server on one thread: scrapes are rare, and the
 * node's gRPC event loops stay out of it. Bind it to an address only operators reach; it has no authentication.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final InetSocketAddress requested;
    private final PrometheusMeterRegistry registry;
    private final NodeHealth health;
    private HttpServer server;
    private ExecutorService executor;

    public AdminServer(InetSocketAddress address, PrometheusMeterRegistry registry, NodeHealth health) {
        this.requested = requireNonNull(address, "address is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.health = requireNonNull(health, "health is null");
    }

    /** Binds and starts serving. */
    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("admin endpoint already started");
        }
        try {
            server = HttpServer.create(requested, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the admin endpoint to " + requested, e);
        }
        executor = Executors.newSingleThreadExecutor(
                r -> Thread.ofPlatform().name("admin-http").daemon(true).unstarted(r));
        server.setExecutor(executor);
        server.createContext("/metrics", exchange -> handle(exchange, () -> ok(registry.scrape(), PROMETHEUS_TEXT)));
        server.createContext(
                "/healthz",
                exchange -> handle(
                        exchange,
                        () -> health.isServing()
                                ? ok("SERVING\n", "text/plain; charset=utf-8")
                                : new Reply(503, "NOT_SERVING\n", "text/plain; charset=utf-8")));
        server.start();
        log.info(
                "admin endpoint on http://{}:{} (/metrics, /healthz)",
                address().getHostString(),
                address().getPort());
    }

    /** The bound address (the actual port when port 0 was asked for). */
    public synchronized InetSocketAddress address() {
        if (server == null) {
            throw new IllegalStateException("admin endpoint not started");
        }
        return server.getAddress();
    }

    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
        server = null;
        executor = null;
    }

    private record Reply(int status, String body, String contentType) {}

    private static Reply ok(String body, String contentType) {
        return new Reply(200, body, contentType);
    }

    private static void handle(HttpExchange exchange, Supplier<Reply> route) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            // Contexts match by prefix; only the exact path is ours.
            boolean exact = exchange.getRequestURI()
                    .getPath()
                    .equals(exchange.getHttpContext().getPath());
            Reply reply;
            if (!exact) {
                reply = new Reply(404, "not found\n", "text/plain; charset=utf-8");
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply = new Reply(405, "method not allowed\n", "text/plain; charset=utf-8");
            } else {
                reply = answer(exchange, route);
            }
            byte[] body = reply.body().getBytes(UTF_8);
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(reply.status(), -1);
                return;
            }
            exchange.sendResponseHeaders(reply.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static Reply answer(HttpExchange exchange, Supplier<Reply> route) {
        try {
            return route.get();
        } catch (RuntimeException e) {
            log.warn("admin endpoint: {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            return new Reply(500, "internal error\n", "text/plain; charset=utf-8");
        }
    }
}
