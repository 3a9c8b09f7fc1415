package io.mre.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.mre.client.MreClient;
import io.mre.crypto.CertificateAuthority;
import io.mre.crypto.SigningKey;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The demo's federation: one CA per organization, a node key and configuration per organization, a client
 * identity the nodes accept, and the node processes themselves ({@code java -jar mre-node.jar}).
 */
final class DemoMesh implements AutoCloseable {
    private static final Duration VALIDITY = Duration.ofDays(30);
    private static final YAMLMapper YAML = new YAMLMapper();

    /** One organization's node as the demo runs it. */
    record Member(DemoOrganizations.Spec spec, int port, Path dir, Path log, Path caCert) {
        String address() {
            return "127.0.0.1:" + port;
        }
    }

    private final Path dir;
    private final Path home;
    private final List<Member> members = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private Path clientDir;

    DemoMesh(Path dir, Path home) {
        this.dir = dir;
        this.home = home;
    }

    List<Member> members() {
        return members;
    }

    Path clientDir() {
        return clientDir;
    }

    List<Process> processes() {
        return processes;
    }

    /** Keys, trust folder, plugin folders and configurations for every organization. */
    void prepare(List<DemoOrganizations.Spec> specs) throws IOException {
        Path trust = Files.createDirectories(dir.resolve("trust"));
        Path handlersJar = exampleHandlersJar();
        CertificateAuthority clientCa = null;
        for (DemoOrganizations.Spec spec : specs) {
            Path nodeDir = Files.createDirectories(dir.resolve("nodes").resolve(spec.nodeId()));
            Path keys = Files.createDirectories(nodeDir.resolve("keys"));
            CertificateAuthority ca = CertificateAuthority.create(spec.domain(), VALIDITY);
            ca.writeTo(keys);
            CertificateAuthority.writeSigningKey(ca.issueNode(spec.nodeId(), VALIDITY), keys, "node");
            Files.copy(
                    keys.resolve("ca.crt"), trust.resolve(spec.domain() + ".crt"), StandardCopyOption.REPLACE_EXISTING);
            Path plugins = Files.createDirectories(nodeDir.resolve("plugins"));
            Files.copy(handlersJar, plugins.resolve(handlersJar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            members.add(new Member(
                    spec,
                    freePort(),
                    nodeDir,
                    dir.resolve("logs").resolve(spec.nodeId() + ".log"),
                    keys.resolve("ca.crt").toAbsolutePath()));
            if (clientCa == null) {
                clientCa = ca;
            }
        }
        // The demo's own identity: a client of the first organization, accepted by every node (all trust it), and
        // every organization's CA in ca.crt, so that the folder works as 'mre ... --tls DIR/client' with any node.
        clientDir = Files.createDirectories(dir.resolve("client"));
        SigningKey client = clientCa.issueNode("demo-client", VALIDITY);
        CertificateAuthority.writeSigningKey(client, clientDir, "client");
        StringBuilder cas = new StringBuilder();
        for (Member m : members) {
            cas.append(Files.readString(m.caCert()));
        }
        Files.writeString(clientDir.resolve("ca.crt"), cas);
        for (Member m : members) {
            writeConfig(m, trust);
        }
    }

    private void writeConfig(Member m, Path trust) throws IOException {
        ObjectNode root = YAML.createObjectNode();
        root.put("nodeId", m.spec().nodeId());
        root.put("trustDomain", m.spec().domain());
        root.put("listen", m.address());
        root.put("mode", m.spec().mode());
        if (m.spec().mode().equals("memory-aware")) {
            root.put("dataDir", m.dir().resolve("data").toString());
        }
        ObjectNode identity = root.putObject("identity");
        identity.put("key", m.dir().resolve("keys/node.key").toString());
        identity.put("certificate", m.dir().resolve("keys/node.crt").toString());
        root.put("trustBundle", trust.toString());
        ArrayNode peers = root.putArray("peers");
        members.stream().filter(o -> o != m).forEach(o -> peers.add(o.address()));
        root.set("labels", YAML.valueToTree(m.spec().labels()));
        ObjectNode plugins = root.putObject("plugins");
        plugins.put("folder", m.dir().resolve("plugins").toString());
        plugins.set("policies", YAML.valueToTree(m.spec().policies()));
        plugins.set("advisors", YAML.valueToTree(m.spec().advisors()));
        plugins.set("handlers", YAML.valueToTree(m.spec().handlers()));
        ObjectNode limits = root.putObject("limits");
        limits.put("handoffTimeout", "3s");
        YAML.writeValue(m.dir().resolve("node.yaml").toFile(), root);
    }

    /** Starts every node process and waits until each answers Describe as serving (and knows its peers). */
    void start(String java, Path serverJar) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("logs"));
        for (Member m : members) {
            // Small, quick-starting JVMs: the demo runs three of them on a laptop.
            List<String> command = new ArrayList<>(NodeCommand.command(
                    java,
                    List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                    serverJar,
                    m.dir().resolve("node.yaml")));
            processes.add(new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(m.log().toFile())
                    .start());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            while (true) {
                if (!processes.get(i).isAlive()) {
                    throw CliException.failed("node " + m.spec().nodeId() + " stopped at start-up; see " + m.log());
                }
                try (MreClient c = client(m, Duration.ofSeconds(2))) {
                    if (c.describe().getServing()) {
                        break;
                    }
                } catch (RuntimeException e) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    throw CliException.failed("node " + m.spec().nodeId() + " did not start in 90 s; see " + m.log());
                }
                Thread.sleep(200);
            }
        }
    }

    /** A client of {@code m} with the demo's identity. */
    MreClient client(Member m, Duration deadline) {
        return MreClient.builder()
                .target(m.address())
                .tls(m.caCert(), clientDir.resolve("client.crt"), clientDir.resolve("client.key"))
                .deadline(deadline)
                .build();
    }

    /** {@code mesh.json}: how scripts in any language reach the demo mesh. */
    void writeMeshJson(List<Path> objects) throws IOException {
        ObjectNode root = io.mre.cli.render.Json.MAPPER.createObjectNode();
        root.put("client", clientDir.toAbsolutePath().toString());
        ArrayNode nodes = root.putArray("nodes");
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            ObjectNode n = nodes.addObject();
            n.put("id", m.spec().nodeId());
            n.put("domain", m.spec().domain());
            n.put("address", m.address());
            n.put("pid", processes.size() > i ? processes.get(i).pid() : -1);
            ObjectNode tls = n.putObject("tls");
            tls.put("ca", m.caCert().toString());
            tls.put("cert", clientDir.resolve("client.crt").toAbsolutePath().toString());
            tls.put("key", clientDir.resolve("client.key").toAbsolutePath().toString());
        }
        ArrayNode files = root.putArray("objects");
        objects.forEach(p -> files.add(p.toAbsolutePath().toString()));
        io.mre.cli.render.Json.MAPPER
                .writerWithDefaultPrettyPrinter()
                .writeValue(dir.resolve("mesh.json").toFile(), root);
    }

    /** Stops every node: SIGTERM (graceful: drain, flush the store), then SIGKILL after 15 s. */
    @Override
    public void close() {
        processes.forEach(Process::destroy);
        for (Process p : processes) {
            try {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }

    private Path exampleHandlersJar() throws IOException {
        Path target = home.resolve("policy-plugins/example-handlers/target");
        if (Files.isDirectory(target)) {
            try (var s = Files.list(target)) {
                var jar = s.filter(p -> p.getFileName().toString().matches("example-handlers-.*\\.jar"))
                        .filter(p -> !p.getFileName().toString().contains("sources"))
                        .findFirst();
                if (jar.isPresent()) {
                    return jar.get();
                }
            }
        }
        throw CliException.failed("the example handlers jar is missing under " + target
                + " (build with 'mvn -B -q install -DskipTests -DskipITs' at the repository root)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static Map<String, Object> settings(Object... kv) {
        java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
