package io.mre.it.mesh;

import static java.util.Objects.requireNonNull;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.grpc.Grpc;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.NettySslContextChannelCredentials;
import io.mre.crypto.CertificateAuthority;
import io.mre.crypto.SigningKey;
import io.mre.crypto.TrustBundle;
import io.mre.it.plugin.ItPlugin;
import io.mre.node.federation.TlsContexts;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.EvaluateRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A federation on loopback for integration tests, laid out as operators would lay it out: one CA per trust domain,
 * and per node a folder with its key and certificate, a trust folder (one CA certificate file per trusted domain),
 * a data folder and a {@code node.yaml}. Nodes run in this JVM (fast) or as child processes of the shaded
 * {@code mre-node.jar} (for crash tests). Clients get a certificate of a domain's CA, as {@code mre keys init}
 * would issue one. {@link #close()} stops every node and channel it started, newest first.
 */
public final class TestMesh implements AutoCloseable {
    private static final Duration VALIDITY = Duration.ofDays(1);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path root;
    private final Map<String, CertificateAuthority> authorities = new LinkedHashMap<>();
    private final Map<String, SigningKey> clientKeys = new LinkedHashMap<>();
    private final List<AutoCloseable> open = new ArrayList<>();

    private TestMesh(Path root) {
        this.root = requireNonNull(root, "root is null");
    }

    /** A mesh under {@code root} with one CA for each of {@code domains}. */
    public static TestMesh create(Path root, String... domains) {
        TestMesh mesh = new TestMesh(root);
        for (String d : domains) {
            mesh.addDomain(d);
        }
        return mesh;
    }

    /** Adds a trust domain and its CA (written under {@code ca/<domain>/}). */
    public CertificateAuthority addDomain(String domain) {
        CertificateAuthority ca = CertificateAuthority.create(domain, VALIDITY);
        try {
            ca.writeTo(root.resolve("ca").resolve(domain));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        authorities.put(domain, ca);
        return ca;
    }

    public CertificateAuthority authority(String domain) {
        CertificateAuthority ca = authorities.get(domain);
        if (ca == null) {
            throw new IllegalArgumentException("no domain " + domain + " in this mesh: " + authorities.keySet());
        }
        return ca;
    }

    public Set<String> domains() {
        return authorities.keySet();
    }

    public Path root() {
        return root;
    }

    /** A trust bundle of the CAs of {@code domains} (every domain of the mesh when none is named). */
    public TrustBundle trustBundle(String... domains) {
        Map<String, List<byte[]>> anchors = new LinkedHashMap<>();
        for (String d : domains.length == 0 ? authorities.keySet() : List.of(domains)) {
            anchors.put(d, List.of(authority(d).certificateDer()));
        }
        return TrustBundle.of(anchors);
    }

    /** A trust folder as a node reads it: {@code <domain>.crt} for each domain. */
    public Path trustFolder(Path folder, Collection<String> domains) {
        try {
            Files.createDirectories(folder);
            for (String d : domains) {
                Files.copy(
                        root.resolve("ca").resolve(d).resolve("ca.crt"),
                        folder.resolve(d + ".crt"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- nodes -------------------------------------------------------------------------------------------------

    /** Starts a node in this JVM; it finds the test plugin's handlers on the class path. */
    public MeshNode start(NodeOptions options) {
        return register(InProcessNode.start(options, writeConfig(options, false)));
    }

    /** Starts a node in this JVM whose clock is {@code clock} (timers, retention, entry times), not the system's. */
    public MeshNode start(NodeOptions options, java.time.InstantSource clock) {
        return register(InProcessNode.start(
                options,
                writeConfig(options, false),
                binder -> com.google.inject.multibindings.OptionalBinder.newOptionalBinder(
                                binder, java.time.InstantSource.class)
                        .setBinding()
                        .toInstance(clock)));
    }

    /**
     * Starts a node in this JVM whose {@code plugins.callers} enables {@code callers} (each a {@code name} and
     * {@code settings}, as in {@code node.yaml}).
     */
    public MeshNode start(NodeOptions options, List<Map<String, Object>> callers) {
        return register(InProcessNode.start(options, writeConfig(options, false, callers)));
    }

    /** Starts a node as a child JVM and waits until its health service reports SERVING. */
    public ChildNode spawn(NodeOptions options) {
        ChildNode child = register(ChildNode.launch(options, writeConfig(options, true), nodeJar()));
        await("the port of " + options.nodeId())
                .atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (child.port() == 0 && !child.isAlive()) {
                        throw new AssertionError(child + " exited at start:\n" + child.logTail());
                    }
                    return child.port() != 0;
                });
        try (MeshClient client = newClient(child.address(), options.domain())) {
            await("health of " + child)
                    .atMost(START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(100))
                    .ignoreExceptionsMatching(e -> e instanceof io.grpc.StatusRuntimeException)
                    .until(() -> {
                        if (!child.isAlive()) {
                            throw new AssertionError(child + " exited at start:\n" + child.logTail());
                        }
                        client.resetConnectBackoff();
                        return client.health("") == ServingStatus.SERVING;
                    });
        }
        return child;
    }

    /**
     * Waits until {@code node} would hand a step of {@code operation} to a peer, i.e. a peer executing it has
     * described itself to the node (peers that start after a node are found within seconds, not at once).
     */
    public void awaitPeerFor(MeshNode node, String operation) {
        EvaluateRequest probe = EvaluateRequest.newBuilder()
                .setObject(Plans.object(node.domain(), Plans.step("probe", operation)))
                .build();
        try (MeshClient client = newClient(node.address(), node.domain())) {
            await("a peer of " + node + " executing " + operation)
                    .atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> client.node().evaluate(probe).getAction() == Action.ACTION_DELEGATE);
        }
    }

    /** The node folder: {@code nodes/<nodeId>/}. */
    public Path folder(String nodeId) {
        return root.resolve("nodes").resolve(nodeId);
    }

    /**
     * A loopback port free now, for in-process nodes that must know each other's port before either starts (and
     * for a test that needs an address nobody listens on). Child JVMs pick and report their own ({@link #spawn}).
     */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- clients -----------------------------------------------------------------------------------------------

    /**
     * A client of {@code clientDomain} (a certificate its CA issued) calling {@code node} over mutual TLS, trusting
     * every domain of the mesh. Closed with the mesh.
     */
    public MeshClient client(MeshNode node, String clientDomain) {
        return register(newClient(node.address(), clientDomain));
    }

    /** A client of the node's own domain. */
    public MeshClient client(MeshNode node) {
        return client(node, node.domain());
    }

    /** A client presenting {@code identity}, trusting {@code trust}, to any address. Closed with the mesh. */
    public MeshClient client(String address, SigningKey identity, TrustBundle trust) {
        int colon = address.lastIndexOf(':');
        return register(new MeshClient(Grpc.newChannelBuilderForAddress(
                        address.substring(0, colon),
                        Integer.parseInt(address.substring(colon + 1)),
                        NettySslContextChannelCredentials.create(TlsContexts.client(identity, trust)))
                .build()));
    }

    /** The client identity of a domain: {@code client-<domain>}, issued once by the domain's CA. */
    public SigningKey clientKey(String domain) {
        return clientKeys.computeIfAbsent(domain, d -> authority(d).issueNode("client." + d, VALIDITY));
    }

    private MeshClient newClient(String address, String clientDomain) {
        int colon = address.lastIndexOf(':');
        return new MeshClient(Grpc.newChannelBuilderForAddress(
                        address.substring(0, colon),
                        Integer.parseInt(address.substring(colon + 1)),
                        NettySslContextChannelCredentials.create(
                                TlsContexts.client(clientKey(clientDomain), trustBundle())))
                .build());
    }

    // --- files -------------------------------------------------------------------------------------------------

    /**
     * Writes {@code nodes/<id>/node.yaml} (and, the first time, the node's key, certificate and trust folder).
     * A restart with the same id reuses the key and the data folder.
     */
    Path writeConfig(NodeOptions options, boolean pluginFolder) {
        return writeConfig(options, pluginFolder, List.of());
    }

    private Path writeConfig(NodeOptions options, boolean pluginFolder, List<Map<String, Object>> callers) {
        Path dir = folder(options.nodeId());
        try {
            if (!Files.exists(dir.resolve("tls/node.key"))) {
                CertificateAuthority.writeSigningKey(
                        authority(options.domain()).issueNode(options.nodeId(), VALIDITY), dir.resolve("tls"), "node");
            }
            trustFolder(
                    dir.resolve("trust"),
                    options.trusted().isEmpty() ? authorities.keySet() : new TreeSet<>(options.trusted()));
            Map<String, Object> yaml = new LinkedHashMap<>();
            yaml.put("nodeId", options.nodeId());
            yaml.put("trustDomain", options.domain());
            yaml.put("listen", "127.0.0.1:" + options.port());
            if (options.admin()) {
                yaml.put("admin", "127.0.0.1:0");
            }
            yaml.put("mode", options.stateless() ? "stateless" : "memory-aware");
            if (!options.stateless()) {
                yaml.put("dataDir", "data");
            }
            yaml.put("identity", Map.of("key", "tls/node.key", "certificate", "tls/node.crt"));
            yaml.put("trustBundle", "trust");
            yaml.put("peers", options.peers());
            yaml.put("labels", options.labels());
            Map<String, Object> plugins = new LinkedHashMap<>();
            if (pluginFolder) {
                plugins.put("folder", pluginFolder().toString());
            }
            plugins.put(
                    "handlers",
                    options.handlers().stream()
                            .map(h -> Map.of("name", h, "settings", Map.of("by", options.nodeId())))
                            .toList());
            if (!callers.isEmpty()) {
                plugins.put("callers", callers);
            }
            yaml.put("plugins", plugins);
            if (!options.limits().isEmpty()) {
                yaml.put("limits", options.limits());
            }
            Path file = dir.resolve("node.yaml");
            YAML.writeValue(file.toFile(), yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The test plugin as an exploded plugin folder ({@code plugins/it-plugin/}): its classes and its service file,
     * copied from the test class path. A child JVM loads it in its own class loader, as it would a jar.
     */
    Path pluginFolder() throws IOException {
        Path folder = root.resolve("plugins");
        Path plugin = folder.resolve("it-plugin");
        if (Files.isDirectory(plugin)) {
            return folder;
        }
        Path classes;
        try {
            classes = Path.of(ItPlugin.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        String pkg = ItPlugin.class.getPackageName().replace('.', '/');
        Path target = plugin.resolve(pkg);
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(classes.resolve(pkg))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                Files.copy(f, target.resolve(f.getFileName().toString()));
            }
        }
        Path services = plugin.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve("io.mre.spi.MrePlugin"), ItPlugin.class.getName() + "\n");
        return folder;
    }

    private static Path nodeJar() {
        String property = System.getProperty("mre.node.jar");
        Path jar = property == null ? Path.of("../node-server/server/target/mre-node.jar") : Path.of(property);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the node jar " + jar.toAbsolutePath() + " is missing; build it with "
                    + "mvn -B -q package -o -DskipTests -pl node-server/server");
        }
        return jar;
    }

    private <T extends AutoCloseable> T register(T closeable) {
        synchronized (open) {
            open.add(closeable);
        }
        return closeable;
    }

    /** Forgets a node or client that a test closed itself. */
    public void forget(AutoCloseable closeable) {
        synchronized (open) {
            open.remove(closeable);
        }
    }

    /** Stops every node and closes every client, newest first; reports the first failure after trying all. */
    @Override
    public void close() {
        List<AutoCloseable> all;
        synchronized (open) {
            all = new ArrayList<>(open).reversed();
            open.clear();
        }
        RuntimeException failure = null;
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing " + c + " failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
