package io.mre.node.federation;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the caller's {@link PeerIdentity} in the gRPC {@link Context} of each call, read from the certificate the
 * TLS handshake verified. The handshake already checked the chain and its trust domain (see
 * {@link TlsContexts#trustManager}), so this only reads names. A call without a client certificate (plaintext on
 * loopback) proceeds without an identity; services that need one call {@link PeerIdentity#require()}.
 */
public final class PeerIdentityInterceptor implements ServerInterceptor {
    private static final Logger log = LoggerFactory.getLogger(PeerIdentityInterceptor.class);

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
            ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        if (session == null) {
            return next.startCall(call, headers);
        }
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return next.startCall(call, headers);
        }
        PeerIdentity peer;
        try {
            peer = PeerIdentity.of((X509Certificate) chain[0]);
        } catch (IllegalArgumentException | ClassCastException e) {
            log.warn("refused a call to {}: {}", call.getMethodDescriptor().getFullMethodName(), e.getMessage());
            call.close(
                    Status.UNAUTHENTICATED.withDescription("peer certificate does not name a node: " + e.getMessage()),
                    new Metadata());
            return new ServerCall.Listener<>() {};
        }
        Context context = Context.current()
                .withValue(PeerIdentity.CONTEXT_KEY, peer)
                .withValue(
                        PeerIdentity.SUBJECT_KEY,
                        ((X509Certificate) chain[0]).getSubjectX500Principal().getName());
        return Contexts.interceptCall(context, call, headers, next);
    }
}
