package io.mre.node;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.netty.NettySslContextChannelCredentials;
import io.grpc.netty.NettySslContextServerCredentials;
import io.mre.crypto.ChainValidation;
import io.mre.crypto.SigningKey;
import io.mre.crypto.TrustBundle;
import io.mre.node.config.ConfigException;
import io.mre.node.config.NodeConfig;
import io.mre.node.federation.TlsContexts;
import io.netty.handler.ssl.ClientAuth;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the node's identity ({@link SigningKey}, checked against {@code nodeId} and {@code trustDomain}), its
 * {@link TrustBundle}, the listener's {@link ServerCredentials} (mutual TLS, or plaintext where the configuration
 * allows it on loopback) and the {@link ChannelCredentials} the node uses to call its peers (always mutual TLS).
 */
public final class TlsModule extends AbstractModule {
    private static final Logger log = LoggerFactory.getLogger(TlsModule.class);

    @Provides
    @Singleton
    SigningKey identity(NodeConfig config) {
        SigningKey key;
        try {
            key = SigningKey.load(config.identity().key(), config.identity().certificate());
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("identity: " + e.getMessage(), e);
        }
        if (!key.nodeId().equals(config.nodeId()) || !key.trustDomain().equals(config.trustDomain())) {
            throw new ConfigException("identity.certificate: names node '" + key.nodeId() + "' of domain '"
                    + key.trustDomain() + "', but nodeId is '" + config.nodeId() + "' and trustDomain is '"
                    + config.trustDomain() + "'");
        }
        io.mre.node.federation.CertificateNames.missing(
                        key.jdkCertificateChain().get(0), config.listen().host())
                .ifPresent(why -> log.warn("identity.certificate vs listen {}: {}", config.listen(), why));
        return key;
    }

    @Provides
    @Singleton
    TrustBundle trustBundle(NodeConfig config, SigningKey identity) {
        TrustBundle bundle;
        try {
            bundle = TrustBundle.load(config.trustBundle());
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("trustBundle: " + e.getMessage(), e);
        }
        if (!bundle.domains().contains(config.trustDomain())) {
            // Legal (a node may serve only other domains), but then its own domain's nodes are refused.
            log.warn(
                    "the trust bundle {} has no CA of this node's own domain {}",
                    bundle.domains(),
                    config.trustDomain());
        } else if (bundle.validate(identity.certificateChainDer(), config.trustDomain(), Instant.now())
                instanceof ChainValidation.Invalid invalid) {
            throw new ConfigException("identity.certificate: not accepted by the trust bundle: " + invalid.reason());
        }
        log.info("trusting domains {}", bundle.domains());
        return bundle;
    }

    @Provides
    @Singleton
    ServerCredentials serverCredentials(NodeConfig config, SigningKey identity, TrustBundle trust) {
        if (!config.clientTls().required()) {
            // NodeConfig only allows this on a loopback listener.
            log.warn(
                    "listening in PLAINTEXT on {} (clientTls.required: false): loopback only, peers unauthenticated",
                    config.listen());
            return InsecureServerCredentials.create();
        }
        return NettySslContextServerCredentials.create(
                TlsContexts.server(identity, trust, ClientAuth.REQUIRE, "trustBundle " + config.trustBundle()));
    }

    @Provides
    @Singleton
    ChannelCredentials peerCredentials(NodeConfig config, SigningKey identity, TrustBundle trust) {
        if (!config.clientTls().required()) {
            // A loopback-only development mesh (and the plaintext benchmark): peers speak plaintext too.
            return io.grpc.InsecureChannelCredentials.create();
        }
        return NettySslContextChannelCredentials.create(
                TlsContexts.client(identity, trust, "trustBundle " + config.trustBundle()));
    }
}
