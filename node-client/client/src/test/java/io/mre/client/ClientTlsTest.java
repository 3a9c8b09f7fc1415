package io.mre.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Server;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.mre.proto.v1.DescribeRequest;
import io.mre.proto.v1.DescribeResponse;
import io.mre.proto.v1.FederationServiceGrpc;
import io.mre.proto.v1.NodeRef;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mutual TLS from PEM files, end to end over loopback, against a server that requires a client certificate. */
class ClientTlsTest {
    private static final Path TLS = ClientKeysTest.TLS;

    private Server server;

    @BeforeEach
    void start() throws Exception {
        List<X509Certificate> trustedClients = ClientKeys.chain(TLS.resolve("client.crt"));
        var ssl = GrpcSslContexts.configure(
                        SslContextBuilder.forServer(
                                ClientKeys.privateKey(TLS.resolve("node.key")),
                                ClientKeys.chain(TLS.resolve("node.crt")).toArray(X509Certificate[]::new)),
                        SslProvider.JDK)
                .trustManager(trustedClients.toArray(X509Certificate[]::new))
                .clientAuth(ClientAuth.REQUIRE)
                .build();
        server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .sslContext(ssl)
                .addService(new FederationServiceGrpc.FederationServiceImplBase() {
                    @Override
                    public void describe(DescribeRequest request, StreamObserver<DescribeResponse> response) {
                        response.onNext(DescribeResponse.newBuilder()
                                .setNode(NodeRef.newBuilder().setNodeId("n1"))
                                .setMode("stateless")
                                .build());
                        response.onCompleted();
                    }
                })
                .build()
                .start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void tlsFromPemFiles_reachesANodeThatRequiresAClientCertificate() {
        try (MreClient client = MreClient.builder()
                .target("127.0.0.1:" + server.getPort())
                .authority("localhost")
                .tls(TLS.resolve("node.crt"), TLS.resolve("client.crt"), TLS.resolve("client.key"))
                .build()) {
            assertThat(client.describe().getNode().getNodeId()).isEqualTo("n1");
        }
    }

    @Test
    void tlsFromLoadedMaterial_reachesTheNodeToo() throws Exception {
        try (MreClient client = MreClient.builder()
                .target("127.0.0.1:" + server.getPort())
                .authority("localhost")
                .tls(
                        ClientKeys.privateKey(TLS.resolve("client.key")),
                        ClientKeys.chain(TLS.resolve("client.crt")),
                        ClientKeys.chain(TLS.resolve("node.crt")))
                .build()) {
            assertThat(client.describe().getMode()).isEqualTo("stateless");
        }
    }

    @Test
    void aKeyThatTheCertificateDoesNotCertify_failsAtBuildNamingTheCertificate() {
        assertThatThrownBy(() -> MreClient.builder()
                        .target("127.0.0.1:" + server.getPort())
                        .tls(TLS.resolve("node.crt"), TLS.resolve("client.crt"), TLS.resolve("other.key"))
                        .build())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(TLS.resolve("client.crt") + ": leaf certificate")
                .hasMessageContaining("certifies another key");
    }

    @Test
    void aClientTheNodeDoesNotTrust_isATlsFailure() {
        // the node's own certificate as the client identity: valid, but not one the server trusts
        try (MreClient client = MreClient.builder()
                .target("127.0.0.1:" + server.getPort())
                .authority("localhost")
                .tls(TLS.resolve("node.crt"), TLS.resolve("node.crt"), TLS.resolve("node.key"))
                .build()) {
            assertThatThrownBy(client::describe).isInstanceOfSatisfying(MreClientException.class, e -> {
                assertThat(e.tlsFailure()).as("TLS failure: %s", e.getMessage()).isTrue();
                assertThat(e.unreachable()).isFalse();
            });
        }
    }
}
