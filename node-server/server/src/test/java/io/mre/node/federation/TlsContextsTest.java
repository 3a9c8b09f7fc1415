package io.mre.node.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.NettySslContextChannelCredentials;
import io.grpc.netty.NettySslContextServerCredentials;
import io.grpc.protobuf.services.HealthStatusManager;
import io.mre.crypto.CertificateAuthority;
import io.mre.crypto.SigningKey;
import io.mre.crypto.TrustBundle;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsContextsTest {
    private static final Duration DAY = Duration.ofDays(1);

    private static CertificateAuthority insurer;
    private static CertificateAuthority bureau;
    private static CertificateAuthority rogue;
    private static TrustBundle bundle;
    private static SigningKey serverKey;
    private static ForgedIdentity forged;

    private final List<Runnable> cleanup = new ArrayList<>();
    private final List<Optional<PeerIdentity>> seen = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void pki(@TempDir Path dir) throws Exception {
        // A CA the node trusts for its own domain issues a certificate that claims to be a bureau node.
        forged = ForgedIdentity.create(dir, "partner.example", "scoring-7", "bureau.example");
        insurer = CertificateAuthority.create("insurer.example", DAY);
        bureau = CertificateAuthority.create("bureau.example", DAY);
        rogue = CertificateAuthority.create("rogue.example", DAY);
        bundle = TrustBundle.ofCertificates(List.of(insurer.certificateDer(), bureau.certificateDer()));
        serverKey = insurer.issueNode("claims-1", DAY);
    }

    @AfterEach
    void close() {
        cleanup.reversed().forEach(Runnable::run);
    }

    @Test
    void mutualTls_trustedPeer_isServedAndIdentified() throws Exception {
        int port = startServer(TlsContexts.server(serverKey, bundle, ClientAuth.REQUIRE));

        ServingStatus status = check(port, TlsContexts.client(bureau.issueNode("scoring-7", DAY), bundle));

        assertThat(status).isEqualTo(ServingStatus.SERVING);
        assertThat(seen).containsExactly(Optional.of(new PeerIdentity("scoring-7", "bureau.example")));
    }

    @Test
    void mutualTls_peerOfUntrustedDomain_isRefusedInHandshake() throws Exception {
        int port = startServer(TlsContexts.server(serverKey, bundle, ClientAuth.REQUIRE));
        TrustBundle roguesView = TrustBundle.ofCertificates(List.of(insurer.certificateDer(), rogue.certificateDer()));

        assertThatThrownBy(() -> check(port, TlsContexts.client(rogue.issueNode("mallory", DAY), roguesView)))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        assertThat(seen).isEmpty();
    }

    @Test
    void mutualTls_clientWithoutCertificate_isRefused() throws Exception {
        int port = startServer(TlsContexts.server(serverKey, bundle, ClientAuth.REQUIRE));
        SslContext anonymous = GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                .trustManager(TlsContexts.trustManager(bundle))
                .build();

        assertThatThrownBy(() -> check(port, anonymous))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        assertThat(seen).isEmpty();
    }

    @Test
    void optionalClientAuth_anonymousClient_isServedWithoutIdentity() throws Exception {
        int port = startServer(TlsContexts.server(serverKey, bundle, ClientAuth.OPTIONAL));
        SslContext anonymous = GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                .trustManager(TlsContexts.trustManager(bundle))
                .build();

        assertThat(check(port, anonymous)).isEqualTo(ServingStatus.SERVING);
        assertThat(seen).containsExactly(Optional.empty());
    }

    @Test
    void client_serverOfUntrustedDomain_isRefused() throws Exception {
        int port = startServer(TlsContexts.server(
                rogue.issueNode("phish-1", DAY),
                TrustBundle.ofCertificates(List.of(bureau.certificateDer())),
                ClientAuth.REQUIRE));

        assertThatThrownBy(() -> check(port, TlsContexts.client(bureau.issueNode("scoring-7", DAY), bundle)))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }

    @Test
    void client_checksTheDialledNameAgainstTheServersCertificate() throws Exception {
        // A node reached as claims-1.insurer.example (here: 127.0.0.1 with that authority, as a DNS answer would).
        String dialled = "claims-1.insurer.example";
        int named = startServer(
                TlsContexts.server(insurer.issueNode("claims-1", DAY, List.of(dialled)), bundle, ClientAuth.REQUIRE));
        int unnamed = startServer(TlsContexts.server(serverKey, bundle, ClientAuth.REQUIRE));
        SslContext client = TlsContexts.client(bureau.issueNode("scoring-7", DAY), bundle);

        assertThat(check(named, client, dialled)).isEqualTo(ServingStatus.SERVING);
        assertThatThrownBy(() -> check(unnamed, client, dialled))
                .as("a certificate without the dialled name is refused")
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }

    @Test
    void mutualTls_certificateClaimingAnotherDomain_isRefusedInHandshake() throws Exception {
        TrustBundle withPartner =
                TrustBundle.ofCertificates(List.of(insurer.certificateDer(), bureau.certificateDer(), forged.caDer()));
        int port = startServer(TlsContexts.server(serverKey, withPartner, ClientAuth.REQUIRE));
        SslContext impostor = GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                .keyManager(forged.leafKey(), forged.leaf(), forged.ca())
                .trustManager(TlsContexts.trustManager(bundle))
                .protocols("TLSv1.3")
                .build();

        assertThatThrownBy(() -> check(port, impostor))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        assertThat(seen).isEmpty();
    }

    @Test
    void trustManager_certificateClaimingAnotherDomain_namesTheDomain() throws Exception {
        TrustBundle withPartner = TrustBundle.ofCertificates(List.of(bureau.certificateDer(), forged.caDer()));

        assertThatThrownBy(() -> TlsContexts.trustManager(withPartner)
                        .checkClientTrusted(new X509Certificate[] {forged.leaf()}, "UNKNOWN"))
                .isInstanceOf(CertificateException.class)
                .hasMessageStartingWith("certificate of node 'scoring-7' in domain 'bureau.example' refused: ");
    }

    @Test
    void trustManager_peerWhoseDomainHasNoCaHere_namesTheDomainAndTheFolderOnceInTheLog() throws Exception {
        javax.net.ssl.X509ExtendedTrustManager tm = TlsContexts.trustManager(
                TrustBundle.ofCertificates(List.of(insurer.certificateDer())), "trustBundle /srv/claims-1/trust");
        X509Certificate[] peer =
                bureau.issueNode("scoring-7", DAY).jdkCertificateChain().toArray(X509Certificate[]::new);
        String expected = "certificate of node 'scoring-7' in domain 'bureau.example': no CA of domain "
                + "'bureau.example' in trustBundle /srv/claims-1/trust (it trusts [insurer.example]); add "
                + "bureau.example's CA certificate there (e.g. bureau.example.crt) and restart this node";
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(DomainBoundTrustManager.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            for (int i = 0; i < 5; i++) {
                // a peer retrying every second
                assertThatThrownBy(() -> tm.checkServerTrusted(peer, "UNKNOWN"))
                        .isInstanceOf(CertificateException.class)
                        .hasMessage(expected);
            }
        } finally {
            logger.detachAppender(appender);
        }

        assertThat(appender.list)
                .filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .containsExactly("refused the TLS server: " + expected);
    }

    @Test
    void certificateNames_listenHostNotInTheCertificate_isNamedWithTheFix() throws Exception {
        X509Certificate plain = serverKey.jdkCertificateChain().get(0);
        X509Certificate named = insurer.issueNode("claims-1", DAY, List.of("claims-1.insurer.example", "10.0.0.7"))
                .jdkCertificateChain()
                .get(0);

        assertThat(CertificateNames.missing(plain, "127.0.0.1")).isEmpty();
        assertThat(CertificateNames.missing(plain, "0.0.0.0"))
                .as("a wildcard listener is dialled by no one")
                .isEmpty();
        assertThat(CertificateNames.missing(named, "claims-1.insurer.example")).isEmpty();
        assertThat(CertificateNames.missing(named, "10.0.0.7")).isEmpty();
        assertThat(CertificateNames.missing(plain, "claims-1.insurer.example"))
                .get()
                .asString()
                .startsWith("the node's certificate does not carry 'claims-1.insurer.example' (it carries [")
                .endsWith("issue the certificate with 'mre keys init --san claims-1.insurer.example' or listen on "
                        + "a name it carries");
    }

    @Test
    void trustManager_genuinePeer_isAccepted() throws Exception {
        SigningKey peer = bureau.issueNode("scoring-7", DAY);

        TlsContexts.trustManager(bundle)
                .checkClientTrusted(peer.jdkCertificateChain().toArray(X509Certificate[]::new), "UNKNOWN");
    }

    private int startServer(SslContext tls) throws Exception {
        HealthStatusManager health = new HealthStatusManager();
        ServerInterceptor capture = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(
                    ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                seen.add(PeerIdentity.current());
                return next.startCall(call, headers);
            }
        };
        Server server = NettyServerBuilder.forAddress(
                        new InetSocketAddress("127.0.0.1", 0), NettySslContextServerCredentials.create(tls))
                // Listed innermost first: the identity interceptor runs before the capture.
                .addService(
                        ServerInterceptors.intercept(health.getHealthService(), capture, new PeerIdentityInterceptor()))
                .build()
                .start();
        cleanup.add(() -> stop(server));
        return server.getPort();
    }

    private ServingStatus check(int port, SslContext tls) throws Exception {
        return check(port, tls, null);
    }

    /** Health over TLS to 127.0.0.1:port, presenting {@code authority} (when not null) as the name dialled. */
    private ServingStatus check(int port, SslContext tls, String authority) throws Exception {
        NettyChannelBuilder builder =
                NettyChannelBuilder.forAddress("127.0.0.1", port, NettySslContextChannelCredentials.create(tls));
        ManagedChannel channel = (authority == null ? builder : builder.overrideAuthority(authority)).build();
        cleanup.add(() -> channel.shutdownNow());
        return HealthGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance())
                .getStatus();
    }

    private static void stop(Server server) {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
