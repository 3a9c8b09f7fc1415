package io.mre.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.inject.AbstractModule;
import com.google.inject.ConfigurationException;
import com.google.inject.CreationException;
import com.google.inject.Injector;
import com.google.inject.multibindings.Multibinder;
import io.grpc.BindableService;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettySslContextChannelCredentials;
import io.grpc.stub.StreamObserver;
import io.mre.crypto.SigningKey;
import io.mre.crypto.TrustBundle;
import io.mre.node.config.NodeConfig;
import io.mre.node.federation.TlsContexts;
import io.mre.node.grpc.NodeServer;
import io.mre.node.store.ParkedObjectStore;
import io.mre.node.store.RocksDbParkedObjectStore;
import io.mre.proto.v1.FederationServiceGrpc;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeInjectorTest {
    @TempDir
    Path dir;

    private SampleNode sample;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeEach
    void files() throws Exception {
        sample = SampleNode.create(dir);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
    }

    @Test
    void create_wiresEveryConcernFromASampleConfig() throws Exception {
        Injector injector = NodeInjector.create(NodeConfig.load(sample.configFile()));
        ParkedObjectStore store = injector.getInstance(ParkedObjectStore.class);
        cleanup.add(store);

        assertThat(injector.getInstance(NodeConfig.class).nodeId()).isEqualTo("claims-1");
        assertThat(store).isInstanceOf(RocksDbParkedObjectStore.class);
        assertThat(Files.isDirectory(dir.resolve("data"))).isTrue();
        assertThat(injector.getInstance(SigningKey.class).trustDomain()).isEqualTo("insurer.example");
        assertThat(injector.getInstance(TrustBundle.class).domains())
                .containsExactly("bureau.example", "insurer.example");
        assertThat(injector.getInstance(ChannelCredentials.class)).isNotNull();
        assertThat(injector.getInstance(NodeServer.class)).isSameAs(injector.getInstance(NodeServer.class));
        assertThat(injector.getInstance(Node.class)).isSameAs(injector.getInstance(Node.class));
    }

    @Test
    void limitsFromNodeYaml_reachTheEngineThePolicyRunnerAndTheServer() throws Exception {
        Files.writeString(
                sample.writeConfig(""),
                Files.readString(sample.configFile())
                        .replace(
                                "limits: {maxObjectBytes: 1MiB}\n",
                                "limits: {defaultMaxHops: 3, noPeerRetryDelay: 2s, noPeerRetryMax: 1m, "
                                        + "pluginTimeLimit: 250ms, maxOverrunningPlugins: 4, shutdownGrace: 3s}\n"));
        Injector injector = NodeInjector.create(NodeConfig.load(sample.configFile()));
        cleanup.add(injector.getInstance(ParkedObjectStore.class));

        io.mre.engine.EngineSettings engine =
                injector.getInstance(io.mre.engine.Engine.class).settings();
        io.mre.node.plugins.PluginLimits runner = injector.getInstance(
                        io.mre.node.plugins.TimeLimitedPluginInvoker.class)
                .limits();
        assertThat(engine.defaultMaxHops()).isEqualTo(3);
        assertThat(engine.noPeerRetryDelay()).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(engine.noPeerRetryMax()).isEqualTo(java.time.Duration.ofMinutes(1));
        assertThat(runner.callLimit()).isEqualTo(java.time.Duration.ofMillis(250));
        assertThat(runner.maxOverrunning()).isEqualTo(4);
        assertThat(injector.getInstance(NodeServer.class).shutdownGrace()).isEqualTo(java.time.Duration.ofSeconds(3));
    }

    @Test
    void node_servesHealthOverMutualTlsAndMetricsOverHttp() throws Exception {
        Node node = NodeMain.start(NodeConfig.load(sample.configFile()));
        cleanup.add(node);
        ManagedChannel channel = bureauChannel(node);

        assertThat(HealthGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.getDefaultInstance())
                        .getStatus())
                .isEqualTo(ServingStatus.SERVING);
        assertThat(get(node, "/healthz").statusCode()).isEqualTo(200);
        assertThat(get(node, "/metrics").body())
                .contains("mre_store_parked_objects{domain=\"insurer.example\",node=\"claims-1\"} 0.0")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void close_stopsServingAndClosesTheStore() throws Exception {
        Injector injector = NodeInjector.create(NodeConfig.load(sample.configFile()));
        Node node = injector.getInstance(Node.class);
        node.start();

        node.close();

        assertThat(injector.getInstance(NodeServer.class).isServing()).isFalse();
        assertThatThrownBy(() -> injector.getInstance(ParkedObjectStore.class).get("x"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void close_stopsThePartsInReverseStartOrder_theStoreAfterTheRuntime() throws Exception {
        Injector injector = NodeInjector.create(NodeConfig.load(sample.configFile()));
        Node node = injector.getInstance(Node.class);
        assertThat(injector.getInstance(io.mre.node.lifecycle.LifecycleManager.class)
                        .names())
                .containsExactly(
                        "admin endpoint",
                        "parked-object store",
                        "plugin invoker",
                        "peer channels",
                        "peer directory",
                        "runtime",
                        "gRPC server");
        node.start();

        node.close();

        assertThat(node.stopOrder())
                .containsExactly(
                        "gRPC server",
                        "runtime",
                        "peer directory",
                        "peer channels",
                        "plugin invoker",
                        "parked-object store",
                        "admin endpoint");
        assertThatThrownBy(() -> injector.getInstance(ParkedObjectStore.class).get("x"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void start_failure_stopsEveryPartAndClosesTheStore() throws Exception {
        Injector first = NodeInjector.create(NodeConfig.load(sample.configFile()));
        Node running = first.getInstance(Node.class);
        cleanup.add(running);
        running.start();
        // A second node on the first one's admin port: its admin endpoint cannot bind.
        Files.writeString(
                sample.configFile(),
                Files.readString(sample.configFile())
                        .replace(
                                "admin: 127.0.0.1:0",
                                "admin: 127.0.0.1:"
                                        + running.adminAddress().orElseThrow().getPort())
                        .replace("dataDir: data", "dataDir: data2"));
        Injector second = NodeInjector.create(NodeConfig.load(sample.configFile()));
        Node node = second.getInstance(Node.class);

        assertThatThrownBy(node::start).hasMessageContaining("cannot bind the admin endpoint");

        assertThat(node.stopOrder()).endsWith("parked-object store", "admin endpoint");
        assertThatThrownBy(() -> second.getInstance(ParkedObjectStore.class).get("x"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void close_answersHealthz503WhileCallsInFlightDrain() throws Exception {
        Node node = NodeMain.start(NodeConfig.load(sample.configFile()));
        cleanup.add(node);
        ManagedChannel channel = bureauChannel(node);
        // A call that stays in flight (a health watch stream) keeps the node draining until the client ends it.
        BlockingQueue<ServingStatus> watched = new LinkedBlockingQueue<>();
        HealthGrpc.newStub(channel).watch(HealthCheckRequest.getDefaultInstance(), new StreamObserver<>() {
            @Override
            public void onNext(HealthCheckResponse value) {
                watched.add(value.getStatus());
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
        });
        assertThat(watched.poll(10, TimeUnit.SECONDS)).isEqualTo(ServingStatus.SERVING);

        Thread closing = Thread.ofPlatform().name("closing").start(node::close);
        AtomicInteger healthz = new AtomicInteger();
        await().atMost(Duration.ofSeconds(8))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    healthz.set(get(node, "/healthz").statusCode());
                    return healthz.get() == 503;
                });
        channel.shutdownNow();
        closing.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(healthz.get()).as("/healthz while the node drains").isEqualTo(503);
        assertThat(closing.isAlive()).isFalse();
    }

    @Test
    void statelessMode_bindsAStoreThatParksNothing() throws Exception {
        sample.writeConfig("claims-1", "mode: stateless\n");
        Injector injector = NodeInjector.create(NodeConfig.load(sample.configFile()));

        ParkedObjectStore store = injector.getInstance(ParkedObjectStore.class);

        assertThat(store.get("anything")).isEmpty();
        assertThat(store.put("a", new byte[1], new byte[1])).isCompletedExceptionally();
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void plaintextOnLoopback_servesWithoutTls() throws Exception {
        sample.writeConfig("clientTls: {required: false}\n");
        Node node = NodeMain.start(NodeConfig.load(sample.configFile()));
        cleanup.add(node);
        ManagedChannel channel = Grpc.newChannelBuilderForAddress(
                        "127.0.0.1", node.address().getPort(), InsecureChannelCredentials.create())
                .build();
        cleanup.add(channel::shutdownNow);

        assertThat(HealthGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.getDefaultInstance())
                        .getStatus())
                .isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void extraModules_contributeServices() throws Exception {
        Injector injector = NodeInjector.create(NodeConfig.load(sample.configFile()), new AbstractModule() {
            @Override
            protected void configure() {
                Multibinder.newSetBinder(binder(), BindableService.class)
                        .addBinding()
                        .to(TestFederation.class);
            }
        });
        Node node = injector.getInstance(Node.class);
        cleanup.add(node);
        node.start();
        ManagedChannel channel = Grpc.newChannelBuilderForAddress(
                        "127.0.0.1",
                        node.address().getPort(),
                        NettySslContextChannelCredentials.create(
                                TlsContexts.client(sample.bureauClient(), injector.getInstance(TrustBundle.class))))
                .build();
        cleanup.add(channel::shutdownNow);

        assertThat(HealthGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.newBuilder()
                                .setService("mre.v1.FederationService")
                                .build())
                        .getStatus())
                .isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void injector_refusesImplicitBindings() throws Exception {
        Injector injector = NodeInjector.create(NodeConfig.load(sample.configFile()));
        cleanup.add(injector.getInstance(ParkedObjectStore.class));

        assertThatThrownBy(() -> injector.getInstance(TestFederation.class))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Explicit bindings are required");
    }

    @Test
    void identityOfAnotherNode_stopsStartUpWithOneLine() throws Exception {
        sample.writeConfig("claims-2", "dataDir: data\n");
        NodeConfig config = NodeConfig.load(sample.configFile());

        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> NodeInjector.create(config));

        assertThat(failure).isInstanceOf(CreationException.class);
        assertThat(report(failure))
                .isEqualTo("identity.certificate: names node 'claims-1' of domain "
                        + "'insurer.example', but nodeId is 'claims-2' and trustDomain is 'insurer.example'\n");
    }

    @Test
    void trustBundleWithoutCertificates_stopsStartUpWithOneLine() throws Exception {
        Files.delete(dir.resolve("trust/insurer.example.crt"));
        Files.delete(dir.resolve("trust/bureau.example.crt"));
        NodeConfig config = NodeConfig.load(sample.configFile());

        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> NodeInjector.create(config));

        assertThat(report(failure))
                .isEqualTo("trustBundle: " + dir.resolve("trust") + ": no *.crt or *.pem trust anchor file\n");
    }

    private static String report(Throwable failure) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = NodeMain.report(failure, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A mutual-TLS channel to {@code node} as a client of the bureau domain, which the node trusts. */
    private ManagedChannel bureauChannel(Node node) throws Exception {
        TrustBundle trust = TrustBundle.load(dir.resolve("trust"));
        ManagedChannel channel = Grpc.newChannelBuilderForAddress(
                        "127.0.0.1",
                        node.address().getPort(),
                        NettySslContextChannelCredentials.create(TlsContexts.client(sample.bureauClient(), trust)))
                .build();
        cleanup.add(channel::shutdownNow);
        return channel;
    }

    private static HttpResponse<String> get(Node node, String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            URI uri = URI.create(
                    "http://127.0.0.1:" + node.adminAddress().orElseThrow().getPort() + path);
            return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** A federation service with nothing implemented: enough to show a contributed service is served. */
    static final class TestFederation extends FederationServiceGrpc.FederationServiceImplBase {
        @Inject
        TestFederation() {}
    }
}
