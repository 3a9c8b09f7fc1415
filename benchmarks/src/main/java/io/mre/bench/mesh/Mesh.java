package io.mre.bench.mesh;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettySslContextChannelCredentials;
import io.mre.bench.mesh.plugin.NoopPlugin;
import io.mre.crypto.CertificateAuthority;
import io.mre.crypto.SigningKey;
import io.mre.crypto.TrustBundle;
import io.mre.node.federation.TlsContexts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A federation on 127.0.0.1 laid out as operators lay it out: one CA per trust domain; per node a folder with its
 * key and certificate, a trust folder (every domain of the mesh), a data folder and a {@code node.yaml}. Each node
 * runs as its own JVM ({@code java -jar mre-node.jar}) with the {@code noop} handler of {@link NoopPlugin} in its
 * plugin folder and the admin endpoint on. With {@code tls == false} every node has {@code clientTls: {required:
 * false}}: plaintext for clients and between peers (loopback only).
 */
final class Mesh implements AutoCloseable {
    private static final Duration VALIDITY = Duration.ofDays(2);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** How to configure one node. */
    record NodeSpec(
            String nodeId,
            String domain,
            boolean stateless,
            List<String> peers,
            Map<String, Object> limits,
            List<Map<String, Object>> policies) {
        NodeSpec {
            peers = List.copyOf(peers);
            limits = Map.copyOf(limits);
            policies = List.copyOf(policies);
        }

        static NodeSpec memoryAware(String nodeId, String domain) {
            return new NodeSpec(nodeId, domain, false, List.of(), Map.of(), List.of());
        }

        NodeSpec asStateless() {
            return new NodeSpec(nodeId, domain, true, peers, limits, policies);
        }

        NodeSpec withPeers(String... addresses) {
            return new NodeSpec(nodeId, domain, stateless, List.of(addresses), limits, policies);
        }

        NodeSpec withLimits(Map<String, Object> values) {
            return new NodeSpec(nodeId, domain, stateless, peers, values, policies);
        }

        /** Built-in policies, as {@code node.yaml} lists them ({@code {name: ..., settings: {...}}}). */
        NodeSpec withPolicies(List<Map<String, Object>> values) {
            return new NodeSpec(nodeId, domain, stateless, peers, limits, values);
        }
    }

    private record Ports(int grpc, int admin) {}

    private final Path root;
    private final boolean tls;
    private final Path nodeJar;
    private final List<String> nodeJvm;
    private final Map<String, CertificateAuthority> authorities = new LinkedHashMap<>();
    private final Map<String, Ports> ports = new LinkedHashMap<>();
    private final List<NodeProcess> running = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();

    Mesh(Path root, boolean tls, Path nodeJar, List<String> nodeJvm, String... domains) {
        this.root = requireNonNull(root, "root is null");
        this.tls = tls;
        this.nodeJar = requireNonNull(nodeJar, "nodeJar is null");
        this.nodeJvm = List.copyOf(nodeJvm);
        if (!Files.isRegularFile(nodeJar)) {
            throw new IllegalStateException("the node jar " + nodeJar.toAbsolutePath() + " is missing; build it with "
                    + "mvn -B -q package -o -DskipTests -DskipITs -pl node-server/server");
        }
        for (String d : domains) {
            CertificateAuthority ca = CertificateAuthority.create(d, VALIDITY);
            try {
                ca.writeTo(root.resolve("ca").resolve(d));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            authorities.put(d, ca);
        }
    }

    boolean tls() {
        return tls;
    }

    /** The address a node listens on (fixed at its first start, kept across restarts). */
    String address(String nodeId) {
        return "127.0.0.1:" + ports(nodeId).grpc();
    }

    /** A certificate and key of {@code domain}'s CA, for the harness acting as a node or a client of it. */
    SigningKey issue(String nodeId, String domain) {
        return authority(domain).issueNode(nodeId, VALIDITY);
    }

    /** Every domain of the mesh. */
    TrustBundle trust() {
        Map<String, List<byte[]>> anchors = new LinkedHashMap<>();
        authorities.forEach((d, ca) -> anchors.put(d, List.of(ca.certificateDer())));
        return TrustBundle.of(anchors);
    }

    /**
     * A channel to {@code address}: mutual TLS presenting {@code identity} when the mesh uses TLS, plaintext
     * otherwise. Closed with the mesh.
     */
    ManagedChannel channel(String address, SigningKey identity) {
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon);
        int port = Integer.parseInt(address.substring(colon + 1));
        NettyChannelBuilder builder = tls
                ? NettyChannelBuilder.forAddress(
                        host, port, NettySslContextChannelCredentials.create(TlsContexts.client(identity, trust())))
                : NettyChannelBuilder.forAddress(host, port).usePlaintext();
        ManagedChannel channel = builder.maxInboundMessageSize(16 << 20).build();
        synchronized (channels) {
            channels.add(channel);
        }
        return channel;
    }

    /** Writes the node's folder (the first time) and its {@code node.yaml}, starts it and waits until it serves. */
    NodeProcess start(NodeSpec spec) {
        Path config = writeConfig(spec);
        NodeProcess node = NodeProcess.launch(
                spec.nodeId(),
                spec.domain(),
                config,
                address(spec.nodeId()),
                ports(spec.nodeId()).admin(),
                nodeJar,
                nodeJvm);
        synchronized (running) {
            running.add(node);
        }
        node.awaitServing(Duration.ofSeconds(90));
        return node;
    }

    /** Stops a node (SIGTERM: graceful shutdown, store flushed) and forgets it. */
    void stop(NodeProcess node) {
        node.close();
        synchronized (running) {
            running.remove(node);
        }
    }

    Path folder(String nodeId) {
        return root.resolve("nodes").resolve(nodeId);
    }

    private Path writeConfig(NodeSpec spec) {
        Path dir = folder(spec.nodeId());
        try {
            if (!Files.exists(dir.resolve("tls/node.key"))) {
                CertificateAuthority.writeSigningKey(issue(spec.nodeId(), spec.domain()), dir.resolve("tls"), "node");
            }
            Path trust = dir.resolve("trust");
            Files.createDirectories(trust);
            for (String d : authorities.keySet()) {
                Files.copy(
                        root.resolve("ca").resolve(d).resolve("ca.crt"),
                        trust.resolve(d + ".crt"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            Map<String, Object> yaml = new LinkedHashMap<>();
            yaml.put("nodeId", spec.nodeId());
            yaml.put("trustDomain", spec.domain());
            yaml.put("listen", address(spec.nodeId()));
            yaml.put("admin", "127.0.0.1:" + ports(spec.nodeId()).admin());
            yaml.put("mode", spec.stateless() ? "stateless" : "memory-aware");
            if (!spec.stateless()) {
                yaml.put("dataDir", "data");
            }
            yaml.put("identity", Map.of("key", "tls/node.key", "certificate", "tls/node.crt"));
            yaml.put("trustBundle", "trust");
            yaml.put("peers", spec.peers());
            yaml.put("clientTls", Map.of("required", tls));
            yaml.put(
                    "plugins",
                    Map.of(
                            "folder",
                            pluginFolder().toString(),
                            "handlers",
                            List.of(Map.of("name", "noop")),
                            "policies",
                            spec.policies()));
            if (!spec.limits().isEmpty()) {
                yaml.put("limits", spec.limits());
            }
            Path file = dir.resolve("node.yaml");
            YAML.writeValue(file.toFile(), yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code plugins/mesh-bench/}: the classes of {@link NoopPlugin} and its service file, from this jar. */
    private Path pluginFolder() throws IOException {
        Path folder = root.resolve("plugins");
        Path plugin = folder.resolve("mesh-bench");
        if (Files.isDirectory(plugin)) {
            return folder;
        }
        for (Class<?> c : NoopPlugin.CLASSES) {
            String resource = c.getName().replace('.', '/') + ".class";
            Path target = plugin.resolve(resource);
            Files.createDirectories(target.getParent());
            try (InputStream in =
                    requireNonNull(NoopPlugin.class.getClassLoader().getResourceAsStream(resource), resource)) {
                Files.copy(in, target);
            }
        }
        Path services = plugin.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve("io.mre.spi.MrePlugin"), NoopPlugin.class.getName() + "\n");
        return folder;
    }

    private CertificateAuthority authority(String domain) {
        return Optional.ofNullable(authorities.get(domain))
                .orElseThrow(() -> new IllegalArgumentException("no domain " + domain + " in this mesh"));
    }

    private Ports ports(String nodeId) {
        return ports.computeIfAbsent(nodeId, id -> new Ports(freePort(), freePort()));
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes every channel, then stops every node still running, newest first. */
    @Override
    public void close() {
        synchronized (channels) {
            channels.forEach(ManagedChannel::shutdownNow);
            channels.clear();
        }
        List<NodeProcess> all;
        synchronized (running) {
            all = new ArrayList<>(running).reversed();
            running.clear();
        }
        for (NodeProcess n : all) {
            n.close();
        }
    }
}
