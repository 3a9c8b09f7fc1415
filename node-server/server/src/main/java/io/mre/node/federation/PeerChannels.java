package io.mre.node.federation;

import static java.util.Objects.requireNonNull;

import io.grpc.ManagedChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** One long-lived channel per peer address (mutual TLS between organizations), created on first use. */
public final class PeerChannels implements AutoCloseable {
    private final Function<String, ManagedChannel> factory;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    public PeerChannels(Function<String, ManagedChannel> factory) {
        this.factory = requireNonNull(factory, "factory is null");
    }

    public ManagedChannel channel(String address) {
        return channels.computeIfAbsent(address, factory);
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdown);
        for (ManagedChannel c : channels.values()) {
            try {
                if (!c.awaitTermination(2, TimeUnit.SECONDS)) {
                    c.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                c.shutdownNow();
            }
        }
    }
}
