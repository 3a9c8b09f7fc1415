package io.mre.it.faults;

import static java.util.Objects.requireNonNull;
import static org.awaitility.Awaitility.await;

import io.mre.it.mesh.ChildNode;
import io.mre.it.mesh.MeshClient;
import io.mre.it.mesh.NodeOptions;
import io.mre.it.mesh.Plans;
import io.mre.it.mesh.TestMesh;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.EvaluateRequest;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The fault suite's federation: memory-aware node processes in two domains and one stateless node process in a
 * third, every node a peer of every other through its own {@link TcpProxy} (the address in the caller's
 * {@code node.yaml} is the proxy's, so the test can break one directed link). Clients talk to the nodes directly.
 * A killed node is started again on its data folder and its port, where its peers' proxies find it.
 */
final class FaultMesh implements AutoCloseable {
    static final String ALPHA = "alpha.example";
    static final String BETA = "beta.example";
    static final String GAMMA = "gamma.example";
    static final String OPERATION = "record";

    private final TestMesh mesh;
    private final EventLoopGroup proxyLoop = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final Map<String, ChildNode> nodes = new ConcurrentHashMap<>();
    private final Map<String, NodeOptions> options = new LinkedHashMap<>();
    /** Proxies by "from>to". */
    private final Map<String, TcpProxy> proxies = new LinkedHashMap<>();

    private final Map<String, MeshClient> clients = new ConcurrentHashMap<>();

    private FaultMesh(TestMesh mesh) {
        this.mesh = requireNonNull(mesh, "mesh is null");
    }

    /**
     * Starts {@code perDomain} memory-aware nodes in each of alpha and beta and one stateless node in gamma, each
     * with the recording handler, a hand-off timeout of {@code handoffTimeout}, and every other node as a peer.
     */
    static FaultMesh start(Path root, int perDomain, Duration handoffTimeout) {
        FaultMesh m = new FaultMesh(TestMesh.create(root, ALPHA, BETA, GAMMA));
        try {
            List<NodeOptions> all = new ArrayList<>();
            for (int i = 1; i <= perDomain; i++) {
                all.add(NodeOptions.of("a" + i, ALPHA));
                all.add(NodeOptions.of("b" + i, BETA));
            }
            all.add(NodeOptions.of("s1", GAMMA).asStateless());
            for (NodeOptions from : all) {
                for (NodeOptions to : all) {
                    if (!from.nodeId().equals(to.nodeId())) {
                        String target = to.nodeId();
                        m.proxies.put(
                                from.nodeId() + ">" + target,
                                TcpProxy.start(
                                        from.nodeId() + ">" + target,
                                        () -> m.nodes.containsKey(target)
                                                ? m.nodes.get(target).address()
                                                : null,
                                        m.proxyLoop));
                    }
                }
            }
            for (NodeOptions o : all) {
                String[] peers = all.stream()
                        .filter(p -> !p.nodeId().equals(o.nodeId()))
                        .map(p -> m.proxies.get(o.nodeId() + ">" + p.nodeId()).address())
                        .toArray(String[]::new);
                NodeOptions full = o.withHandlers(OPERATION)
                        .withPeers(peers)
                        .withLimit("handoffTimeout", handoffTimeout.toMillis() + "ms")
                        .withLimit("noPeerRetryMax", "5s");
                m.options.put(o.nodeId(), full);
            }
            for (String id : m.options.keySet()) {
                m.nodes.put(id, m.mesh.spawn(m.options.get(id)));
            }
            m.awaitRoutes();
            return m;
        } catch (RuntimeException | Error e) {
            m.close();
            throw e;
        }
    }

    /** Waits until every memory-aware node would hand a step of each other domain to a peer. */
    private void awaitRoutes() {
        for (String id : memoryAware()) {
            for (String domain : List.of(ALPHA, BETA, GAMMA)) {
                if (domain.equals(domainOf(id))) {
                    continue;
                }
                EvaluateRequest probe = EvaluateRequest.newBuilder()
                        .setObject(Plans.object(domainOf(id), Plans.step("probe", OPERATION, domain)))
                        .build();
                MeshClient client = client(id, domainOf(id));
                await("a route from " + id + " to " + domain)
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200))
                        .ignoreExceptions()
                        .until(() -> client.node()
                                        .withDeadlineAfter(5, TimeUnit.SECONDS)
                                        .evaluate(probe)
                                        .getAction()
                                == Action.ACTION_DELEGATE);
            }
        }
    }

    List<String> nodeIds() {
        return List.copyOf(options.keySet());
    }

    List<String> memoryAware() {
        return options.values().stream()
                .filter(o -> !o.stateless())
                .map(NodeOptions::nodeId)
                .toList();
    }

    String domainOf(String nodeId) {
        return options.get(nodeId).domain();
    }

    ChildNode node(String nodeId) {
        return nodes.get(nodeId);
    }

    TcpProxy proxy(String from, String to) {
        return requireNonNull(proxies.get(from + ">" + to), () -> "no link " + from + ">" + to);
    }

    TestMesh mesh() {
        return mesh;
    }

    /** A client of {@code callerDomain} to the node (cached; its channel reconnects after a restart). */
    MeshClient client(String nodeId, String callerDomain) {
        return clients.computeIfAbsent(
                nodeId + "/" + callerDomain,
                k -> mesh.client(node(nodeId).address(), mesh.clientKey(callerDomain), mesh.trustBundle()));
    }

    /** SIGKILL, then the node again on its data folder and port; returns when it serves. */
    void killAndRestart(String nodeId) {
        ChildNode old = nodes.get(nodeId);
        old.kill();
        mesh.forget(old);
        nodes.put(nodeId, mesh.spawn(old.restartOptions()));
    }

    @Override
    public void close() {
        try {
            for (ChildNode n : nodes.values()) {
                if (n.isAlive()) {
                    n.resume(); // a stopped process would not act on SIGTERM
                }
            }
        } finally {
            try {
                mesh.close();
            } finally {
                proxies.values().forEach(TcpProxy::close);
                proxyLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            }
        }
    }
}
