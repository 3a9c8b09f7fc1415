package io.mre.node.federation;

import static java.util.Objects.requireNonNull;

import io.grpc.StatusRuntimeException;
import io.mre.engine.PeerDirectory;
import io.mre.proto.v1.DescribeRequest;
import io.mre.proto.v1.DescribeResponse;
import io.mre.proto.v1.FederationServiceGrpc;
import io.mre.spi.PeerView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer directory: the configured seed addresses (DNS names allowed), each asked to {@code Describe} itself at
 * start and then periodically, so that delegation targets are chosen on current capabilities, domain and labels.
 */
public final class DescribedPeers implements PeerDirectory, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DescribedPeers.class);
    private static final long MISSING_PERIOD_MILLIS = 1000;

    private final List<String> addresses;
    private final PeerChannels channels;
    private final Map<String, PeerView> described = new ConcurrentHashMap<>();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("mre-peers").daemon().factory());

    public DescribedPeers(List<String> addresses, PeerChannels channels) {
        this.addresses = List.copyOf(addresses);
        this.channels = requireNonNull(channels, "channels is null");
    }

    /**
     * Describes every peer now, then every {@code periodSeconds}; a peer that has not answered yet (it starts after
     * this node, or is restarting) is asked again every second, so a mesh whose nodes start in any order knows
     * itself within seconds rather than a period.
     */
    public void start(long periodSeconds) {
        refresh();
        refresher.scheduleWithFixedDelay(this::refresh, periodSeconds, periodSeconds, TimeUnit.SECONDS);
        refresher.scheduleWithFixedDelay(this::refreshMissing, MISSING_PERIOD_MILLIS, MISSING_PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** Asks every seed to describe itself; unreachable peers drop out until they answer again. */
    public void refresh() {
        for (String address : addresses) {
            describe(address);
        }
    }

    /** Asks the seeds that are not described (yet, or any more). */
    void refreshMissing() {
        for (String address : addresses) {
            if (!described.containsKey(address)) {
                // gRPC waits out a reconnect backoff (up to two minutes) after failed connections; a peer that
                // was down is asked now, not after that backoff.
                channels.channel(address).resetConnectBackoff();
                describe(address);
            }
        }
    }

    private void describe(String address) {
        try {
            DescribeResponse d = FederationServiceGrpc.newBlockingStub(channels.channel(address))
                    .withDeadlineAfter(2, TimeUnit.SECONDS).describe(DescribeRequest.getDefaultInstance());
            PeerView view = new PeerView(d.getNode().getNodeId(), d.getNode().getTrustDomain(), address,
                    d.getLabelsMap(), new HashSet<>(d.getCapabilitiesList()));
            if (!d.getServing()) {
                described.remove(address);
            } else if (described.put(address, view) == null) {
                LOG.info("peer {}@{} at {} executes {}", view.nodeId(), view.trustDomain(), address,
                        view.capabilities());
            }
        } catch (StatusRuntimeException e) {
            if (described.remove(address) != null) {
                LOG.warn("peer at {} is unreachable: {}", address, e.getStatus());
            }
        }
    }

    @Override
    public List<PeerView> peers() {
        List<PeerView> out = new ArrayList<>();
        for (String a : addresses) {
            PeerView p = described.get(a);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
