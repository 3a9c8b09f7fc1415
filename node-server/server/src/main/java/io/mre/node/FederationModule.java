package io.mre.node;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;
import io.grpc.ChannelCredentials;
import io.grpc.netty.NettyChannelBuilder;
import io.mre.engine.PeerDirectory;
import io.mre.node.config.HostPort;
import io.mre.node.config.NodeConfig;
import io.mre.node.federation.DescribedPeers;
import io.mre.node.federation.GrpcCustodyTransfer;
import io.mre.node.federation.PeerChannels;
import io.mre.node.runtime.CustodyTransfer;
import jakarta.inject.Singleton;

/** Peers (described at start and every 10 s), the channels to them, and custody transfer over them. */
public final class FederationModule extends AbstractModule {
    private static final long DESCRIBE_PERIOD_SECONDS = 10;

    @Override
    protected void configure() {
        Multibinder<AutoCloseable> stop = Multibinder.newSetBinder(binder(), AutoCloseable.class,
                StopBeforeStore.class);
        stop.addBinding().to(DescribedPeers.class);
        stop.addBinding().to(PeerChannels.class);
    }

    @Provides
    @Singleton
    PeerChannels channels(ChannelCredentials credentials, NodeConfig config) {
        int maxMessage = (int) Math.min(Integer.MAX_VALUE, config.limits().maxObjectBytes() + (1L << 20));
        return new PeerChannels(address -> NettyChannelBuilder.forTarget(address, credentials)
                .maxInboundMessageSize(maxMessage).build());
    }

    @Provides
    @Singleton
    DescribedPeers describedPeers(NodeConfig config, PeerChannels channels) {
        DescribedPeers peers = new DescribedPeers(config.peers().stream().map(HostPort::toString).toList(), channels);
        peers.start(DESCRIBE_PERIOD_SECONDS);
        return peers;
    }

    @Provides
    @Singleton
    PeerDirectory peerDirectory(DescribedPeers peers) {
        return peers;
    }

    @Provides
    @Singleton
    CustodyTransfer custodyTransfer(PeerChannels channels, DescribedPeers peers) {
        return new GrpcCustodyTransfer(channels, peers::isStateless);
    }
}
