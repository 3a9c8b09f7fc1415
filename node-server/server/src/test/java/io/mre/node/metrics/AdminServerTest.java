package io.mre.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminServerTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final NodeHealth health = new NodeHealth();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private AdminServer admin;

    @BeforeEach
    void start() {
        admin = new AdminServer(new InetSocketAddress("127.0.0.1", 0), registry, health);
        admin.start();
    }

    @AfterEach
    void stop() {
        admin.close();
        http.close();
        registry.close();
    }

    @Test
    void metrics_servesPrometheusText() throws Exception {
        Counter.builder("mre.cycles")
                .tag("action", "execute")
                .register(registry)
                .increment(3);

        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body())
                .contains("# TYPE mre_cycles_total counter")
                .contains("mre_cycles_total{action=\"execute\"} 3.0");
    }

    @Test
    void healthz_followsTheServingState() throws Exception {
        assertThat(get("/healthz").statusCode()).isEqualTo(503);

        health.setServing(true);

        HttpResponse<String> serving = get("/healthz");
        assertThat(serving.statusCode()).isEqualTo(200);
        assertThat(serving.body()).isEqualTo("SERVING\n");
    }

    @Test
    void unknownPath_isNotFound() throws Exception {
        assertThat(get("/metrics/extra").statusCode()).isEqualTo(404);
        assertThat(get("/").statusCode()).isEqualTo(404);
    }

    @Test
    void post_isNotAllowed() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri("/metrics"))
                        .POST(HttpRequest.BodyPublishers.ofString("x"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void close_releasesThePort() throws Exception {
        InetSocketAddress bound = admin.address();
        admin.close();

        AdminServer again = new AdminServer(bound, registry, health);
        again.start();
        try {
            assertThat(again.address().getPort()).isEqualTo(bound.getPort());
        } finally {
            again.close();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .timeout(Duration.ofSeconds(5))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + admin.address().getPort() + path);
    }
}
