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
    /** An on-demand refresh asks at most this often; callers in between share the last one's answers. */
    private static final long ON_DEMAND_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private static final long ON_DEMAND_DEADLINE_MILLIS = 3000;

    private final List<String> addresses;
    private final PeerChannels channels;
    private final Map<String, PeerView> described = new ConcurrentHashMap<>();
    /** Addresses of peers that described themselves as stateless (they answer a Delegate after the journey). */
    private final java.util.Set<String> stateless = ConcurrentHashMap.newKeySet();
    /** Why each peer that does not answer does not, as last seen. */
    private final Map<String, String> failures = new ConcurrentHashMap<>();

    private final Object onDemand = new Object();
    private long lastOnDemandNanos = System.nanoTime() - ON_DEMAND_GAP_NANOS;
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
        refresher.scheduleWithFixedDelay(
                this::refreshMissing, MISSING_PERIOD_MILLIS, MISSING_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
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

    /**
     * Asks the seeds not described yet, all at once, waiting at most three seconds for them (a first mutual-TLS
     * handshake with a peer JVM that has just started can take that long). Concurrent callers wait
     * for the refresh in progress instead of starting their own, and refreshes are at least 250 ms apart, so that
     * a burst of refused submissions does not become a burst of Describe calls.
     */
    @Override
    public void refreshUndescribed() {
        if (described.size() == addresses.size()) {
            return;
        }
        synchronized (onDemand) {
            long now = System.nanoTime();
            if (now - lastOnDemandNanos < ON_DEMAND_GAP_NANOS) {
                return;
            }
            List<Thread> asking = new ArrayList<>();
            for (String address : addresses) {
                if (!described.containsKey(address)) {
                    channels.channel(address).resetConnectBackoff();
                    asking.add(Thread.ofVirtual()
                            .name("mre-describe")
                            .start(() -> describe(address, ON_DEMAND_DEADLINE_MILLIS)));
                }
            }
            for (Thread t : asking) {
                try {
                    t.join(ON_DEMAND_DEADLINE_MILLIS + 200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            lastOnDemandNanos = System.nanoTime();
        }
    }

    private void describe(String address) {
        describe(address, 2000);
    }

    private void describe(String address, long deadlineMillis) {
        try {
            DescribeResponse d = FederationServiceGrpc.newBlockingStub(channels.channel(address))
                    .withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
                    .describe(DescribeRequest.getDefaultInstance());
            PeerView view = new PeerView(
                    d.getNode().getNodeId(),
                    d.getNode().getTrustDomain(),
                    address,
                    d.getLabelsMap(),
                    new HashSet<>(d.getCapabilitiesList()));
            if ("stateless".equals(d.getMode())) {
                stateless.add(address);
            } else {
                stateless.remove(address);
            }
            if (!d.getServing()) {
                described.remove(address);
                failures.put(address, "not serving (starting or draining)");
            } else if (described.put(address, view) == null) {
                LOG.info(
                        "peer {}@{} at {} executes {}",
                        view.nodeId(),
                        view.trustDomain(),
                        address,
                        view.capabilities());
            }
            if (d.getServing()) {
                failures.remove(address);
            }
        } catch (StatusRuntimeException e) {
            String why = why(e);
            String before = failures.put(address, why);
            if (described.remove(address) != null) {
                LOG.warn("peer at {} is unreachable: {}", address, why);
            } else if (!why.equals(before)) {
                // once per new reason, not at every retry
                LOG.info("peer at {} does not answer yet: {}", address, why);
            }
        }
    }

    /** Whether the peer at {@code address} last described itself as stateless. */
    public boolean isStateless(String address) {
        return stateless.contains(address);
    }

    @Override
    public Map<String, String> unreachable() {
        Map<String, String> down = new java.util.TreeMap<>();
        for (String a : addresses) {
            String why = failures.get(a);
            if (why != null && !described.containsKey(a)) {
                down.put(a, why);
            }
        }
        return down;
    }

    /** The status and, for a failed TLS handshake, what the handshake said (the refusal reason, not "io exception"). */
    static String why(StatusRuntimeException e) {
        Throwable root = e;
        Throwable tls = null;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            if (root instanceof javax.net.ssl.SSLException) {
                tls = root;
            }
        }
        if (tls != null) {
            String m = String.valueOf(tls.getMessage());
            if (m.contains("certificate_unknown")
                    || m.contains("bad_certificate")
                    || m.contains("unknown_ca")
                    || m.contains("certificate_required")) {
                return "TLS: the peer refused this node's certificate (" + m + "); is this domain's CA in the "
                        + "peer's trust bundle?";
            }
            return "TLS: " + m;
        }
        String description = e.getStatus().getDescription();
        return e.getStatus().getCode() + (description == null ? "" : " " + description);
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
