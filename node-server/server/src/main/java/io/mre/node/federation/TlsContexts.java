package io.mre.node.federation;

import static java.util.Objects.requireNonNull;

import io.grpc.netty.GrpcSslContexts;
import io.mre.crypto.SigningKey;
import io.mre.crypto.TrustBundle;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.cert.X509Certificate;
import java.time.Clock;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Netty TLS contexts for gRPC from a node's identity ({@link SigningKey}: the same Ed25519 key and certificate
 * sign memory entries and authenticate TLS) and its {@link TrustBundle}.
 *
 * <p>A node serves clients and peers on one port. With {@link ClientAuth#REQUIRE} (what {@code TlsModule} uses)
 * every caller presents a certificate from a trusted domain's CA (a client tool gets one from its domain's CA,
 * as {@code mre keys init} issues them), so an untrusted peer is refused in the handshake, before any gRPC call.
 * {@link ClientAuth#OPTIONAL} is available for a node that wants anonymous TLS clients; services that only peers
 * may call then check {@link PeerIdentity#require()}.
 *
 * <p>Both sides check the peer's trust domain against the anchors of that domain (see
 * {@link #trustManager(TrustBundle)}). TLS 1.3 only, JDK provider (Ed25519 certificates work with it; no native
 * library needed).
 */
public final class TlsContexts {
    private static final String TLS_1_3 = "TLSv1.3";

    private TlsContexts() {}

    /** The server side of the node's listener. */
    public static SslContext server(SigningKey identity, TrustBundle trust, ClientAuth clientAuth) {
        return server(identity, trust, clientAuth, "the trust bundle");
    }

    /** The server side; {@code trustSource} names the trust folder in refusals. */
    public static SslContext server(SigningKey identity, TrustBundle trust, ClientAuth clientAuth, String trustSource) {
        requireNonNull(identity, "identity is null");
        requireNonNull(trust, "trust is null");
        requireNonNull(clientAuth, "clientAuth is null");
        SslContextBuilder builder = SslContextBuilder.forServer(identity.jdkPrivateKey(), chain(identity));
        return build(
                identity,
                GrpcSslContexts.configure(builder, SslProvider.JDK)
                        .trustManager(trustManager(trust, trustSource))
                        .clientAuth(clientAuth)
                        .protocols(TLS_1_3));
    }

    /** The client side of a node-to-node link (or a tool's link to a node), presenting {@code identity}. */
    public static SslContext client(SigningKey identity, TrustBundle trust) {
        return client(identity, trust, "the trust bundle");
    }

    /** The client side; {@code trustSource} names the trust folder in refusals. */
    public static SslContext client(SigningKey identity, TrustBundle trust, String trustSource) {
        requireNonNull(identity, "identity is null");
        requireNonNull(trust, "trust is null");
        return build(
                identity,
                GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                        .keyManager(identity.jdkPrivateKey(), chain(identity))
                        .trustManager(trustManager(trust, trustSource))
                        .protocols(TLS_1_3));
    }

    /**
     * A trust manager accepting a certificate only if it chains to an anchor of the bundle (JDK PKIX, including
     * host name verification where the caller asks for it) <em>and</em> its subject O names the domain of that
     * anchor.
     */
    public static X509ExtendedTrustManager trustManager(TrustBundle trust) {
        return trustManager(trust, "the trust bundle");
    }

    /** As {@link #trustManager(TrustBundle)}; {@code source} (e.g. "trustBundle /srv/n1/trust") is named in refusals. */
    public static X509ExtendedTrustManager trustManager(TrustBundle trust, String source) {
        return DomainBoundTrustManager.create(trust, Clock.systemUTC(), source);
    }

    private static X509Certificate[] chain(SigningKey identity) {
        return identity.jdkCertificateChain().toArray(X509Certificate[]::new);
    }

    private static SslContext build(SigningKey identity, SslContextBuilder builder) {
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build a TLS context for " + identity + ": " + e.getMessage(), e);
        }
    }
}
