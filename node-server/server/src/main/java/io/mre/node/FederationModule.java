package io.mre.node;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
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

/**
 * Peers (described from start, then every 10 s: {@link LifecycleModule} starts them), the channels to them, and
 * custody transfer over them.
 */
public final class FederationModule extends AbstractModule {

    @Provides
    @Singleton
    PeerChannels channels(ChannelCredentials credentials, NodeConfig config) {
        int maxMessage = (int) Math.min(Integer.MAX_VALUE, config.limits().maxObjectBytes() + (1L << 20));
        return new PeerChannels(address -> NettyChannelBuilder.forTarget(address, credentials)
                .maxInboundMessageSize(maxMessage)
                .build());
    }

    @Provides
    @Singleton
    DescribedPeers describedPeers(NodeConfig config, PeerChannels channels) {
        return new DescribedPeers(
                config.peers().stream().map(HostPort::toString).toList(), channels);
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
