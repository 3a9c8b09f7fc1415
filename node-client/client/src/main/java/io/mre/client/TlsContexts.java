package io.mre.client;

import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/** The client side of mutual TLS with a node: a client identity and the CA certificates to trust. */
final class TlsContexts {
    private TlsContexts() {}

    /** From files; an unreadable file is an {@link UncheckedIOException} naming it. */
    static SslContext client(Path trust, Path clientCert, Path clientKey) {
        try {
            PrivateKey key = ClientKeys.privateKey(clientKey);
            List<X509Certificate> chain = ClientKeys.chain(clientCert);
            ClientKeys.checkPair(key, chain.get(0), clientCert);
            return client(key, chain, TrustAnchors.load(trust));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    static SslContext client(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> trusted) {
        try {
            // The JDK provider: Ed25519 certificates work with it and it needs no native library.
            return GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                    .keyManager(key, chain.toArray(X509Certificate[]::new))
                    .trustManager(trusted.toArray(X509Certificate[]::new))
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }
}
