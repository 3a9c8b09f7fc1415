package io.mre.node;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;
import io.grpc.BindableService;
import io.grpc.ServerCredentials;
import io.mre.node.config.NodeConfig;
import io.mre.node.federation.PeerIdentityInterceptor;
import io.mre.node.grpc.ErrorMappingInterceptor;
import io.mre.node.grpc.NodeServer;
import io.mre.node.metrics.NodeHealth;
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * Binds the {@link NodeServer}. Services join it through a multibinder:
 * {@code Multibinder.newSetBinder(binder(), BindableService.class).addBinding().to(MyGrpcService.class)}. Every call
 * passes the error mapping (outermost) and then the peer identity interceptor. {@link LifecycleModule} starts and
 * stops it.
 */
public final class GrpcServerModule extends AbstractModule {
    /** Headroom over the object size limit, so the engine's own check answers first with a precise error. */
    private static final long MESSAGE_HEADROOM = 1L << 20;

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), BindableService.class);
    }

    @Provides
    @Singleton
    NodeServer nodeServer(
            NodeConfig config, ServerCredentials credentials, Set<BindableService> services, NodeHealth health) {
        NodeServer.Builder builder = NodeServer.builder()
                .listen(config.listen())
                .credentials(credentials)
                .addServices(services.stream().toList())
                .addInterceptor(new ErrorMappingInterceptor())
                .addInterceptor(new PeerIdentityInterceptor())
                .health(health)
                .maxInboundMessageSize(
                        (int) Math.min(Integer.MAX_VALUE, config.limits().maxObjectBytes() + MESSAGE_HEADROOM))
                .shutdownGrace(config.limits().shutdownGrace());
        return builder.build();
    }
}
