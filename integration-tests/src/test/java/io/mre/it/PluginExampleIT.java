package io.mre.it;

import static io.mre.it.mesh.Plans.entries;
import static io.mre.it.mesh.Plans.id;
import static io.mre.it.mesh.Plans.journey;
import static org.assertj.core.api.Assertions.assertThat;

import io.mre.crypto.CertificateAuthority;
import io.mre.engine.verify.VerifiedObject;
import io.mre.engine.verify.Verifier;
import io.mre.engine.verify.VerifierSettings;
import io.mre.engine.view.Values;
import io.mre.it.mesh.MeshClient;
import io.mre.it.mesh.Plans;
import io.mre.it.mesh.TestMesh;
import io.mre.node.Node;
import io.mre.node.NodeInjector;
import io.mre.node.config.NodeConfig;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.DescribeRequest;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Lifecycle;
import io.mre.proto.v1.PluginInfo;
import io.mre.proto.v1.PolicyJudgement;
import io.mre.proto.v1.Step;
import io.mre.proto.v1.SubmitRequest;
import io.mre.proto.v1.SubmitResponse;
import io.mre.proto.v1.TerminalStatus;
import io.mre.proto.v1.Verdict;
import io.mre.spi.MrePlugin;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin author's path end to end, with {@code examples/plugin-example} (a separate Maven project that
 * depends on the SPI only): its jar is dropped into a node's {@code plugins.folder}, the node's YAML enables its
 * policy with settings, and the policy decides on a submitted object — a DEFER recorded in the entry under the
 * policy's name, the object dormant until the "weekend" ends — while Describe lists the policy with its jar as
 * source. Two nodes with different plugin sets then take different lawful actions on the same object, and both
 * histories verify.
 *
 * <p>The jar is built here with the JDK's compiler (the example's sources against the SPI on this class path) and
 * {@link JarOutputStream}, because {@code mvn verify} from the root does not install the SNAPSHOT artifacts the
 * example's own build resolves. That the example builds with Maven, its own tests passing, is checked by
 * {@link TryInDemoMeshIT}, which follows docs/plugins.md's "Try it in the demo mesh" with a throwaway local
 * repository seeded from this build.
 *
 * <p>The policy defers large payments on "weekend days": the nodes here make today and tomorrow (UTC) the weekend,
 * so the verdict does not depend on the day the test runs, even across midnight.
 */
class PluginExampleIT {
    private static final String DOMAIN = "insurer.example";
    private static final Duration VALIDITY = Duration.ofDays(1);
    private static final String JAR_NAME = "plugin-example-1.0.0.jar";
    private static final Path EXAMPLE = Path.of(System.getProperty("user.dir"))
            .resolve("../examples/plugin-example")
            .normalize();

    @TempDir
    Path dir;

    private TestMesh mesh;
    private final List<Node> nodes = new ArrayList<>();
    private LocalDate today;

    @BeforeEach
    void mesh() {
        assertThat(EXAMPLE.resolve("pom.xml")).as("the example project").isRegularFile();
        mesh = TestMesh.create(dir.resolve("mesh"), DOMAIN);
        today = LocalDate.now(ZoneOffset.UTC);
    }

    @AfterEach
    void stop() {
        for (Node n : nodes.reversed()) {
            n.close();
        }
        mesh.close();
    }

    @Test
    void exampleJarInThePluginFolder_decidesOnTheObjectAndIsListedByDescribe() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("a1-plugins"));
        buildExampleJar(plugins.resolve(JAR_NAME), dir.resolve("build"));
        Node a1 = start("a1", plugins, examplePolicy());
        MeshClient client = client(a1);

        SubmitResponse large = client.node()
                .submit(SubmitRequest.newBuilder().setObject(payment(12_000)).build());
        SubmitResponse small = client.node()
                .submit(SubmitRequest.newBuilder().setObject(payment(500)).build());

        // The large payment: DEFER by the plugin's policy, recorded in the entry; the object sleeps.
        assertThat(large.getStatus().getLifecycle())
                .as("%s", journey(large.getObject()))
                .isEqualTo(Lifecycle.LIFECYCLE_DORMANT);
        Entry dormant = single(large.getObject());
        assertThat(dormant.getAction()).isEqualTo(Action.ACTION_DORMANT);
        assertThat(dormant.getDecision().getVerdict()).isEqualTo(Verdict.VERDICT_DEFER);
        PolicyJudgement judgement = dormant.getDecision().getJudgements(0);
        assertThat(judgement.getPolicy()).isEqualTo("no-weekend-payments");
        assertThat(judgement.getVerdict()).isEqualTo(Verdict.VERDICT_DEFER);
        assertThat(judgement.getReason()).startsWith("payment of 12000 above 10000 on a ");
        assertThat(Instant.ofEpochSecond(judgement.getReentry().getAt().getSeconds()))
                .as("the weekend (today and tomorrow) ends the day after tomorrow")
                .isEqualTo(today.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant());
        // The small one: permitted by the same policy, executed, completed.
        assertThat(small.getStatus().getTerminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
        assertThat(entries(small.getObject())
                        .get(0)
                        .getDecision()
                        .getJudgements(0)
                        .getReason())
                .isEqualTo("payment of 500 within 10000");

        List<PluginInfo> listed = client.federation()
                .describe(DescribeRequest.getDefaultInstance())
                .getPluginsList();
        assertThat(listed)
                .contains(
                        PluginInfo.newBuilder()
                                .setName("no-weekend-payments")
                                .setKind("policy")
                                .setSource(JAR_NAME)
                                .build(),
                        PluginInfo.newBuilder()
                                .setName("work")
                                .setKind("handler")
                                .setSource("builtin")
                                .build());
    }

    @Test
    void twoNodesWithDifferentPluginSets_takeDifferentLawfulActionsOnTheSameObject() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("a1-plugins"));
        buildExampleJar(plugins.resolve(JAR_NAME), dir.resolve("build"));
        Node withPolicy = start("a1", plugins, examplePolicy());
        Node without = start("a2", Files.createDirectories(dir.resolve("a2-plugins")), "");
        ExecutableObject object = payment(12_000);

        ExecutableObject deferred = client(withPolicy)
                .node()
                .submit(SubmitRequest.newBuilder().setObject(object).build())
                .getObject();
        ExecutableObject paid = client(without)
                .node()
                .submit(SubmitRequest.newBuilder().setObject(object).build())
                .getObject();

        assertThat(journey(deferred)).containsExactly("DORMANT pay a1@" + DOMAIN);
        assertThat(journey(paid)).containsExactly("EXECUTE pay a2@" + DOMAIN, "TERMINATE  a2@" + DOMAIN);
        Verifier verifier = new Verifier(VerifierSettings.strict(mesh.trustBundle()));
        VerifiedObject one = verifier.verify(deferred);
        VerifiedObject other = verifier.verify(paid);
        assertThat(one.objectId()).isEqualTo(other.objectId()).isEqualTo(id(object));
        assertThat(deferred.getHeader()).isEqualTo(paid.getHeader()).isEqualTo(object.getHeader());
    }

    // ---- the node

    /** The example's policy enabled with settings: payments above 10000 on today or tomorrow (UTC) wait. */
    private String examplePolicy() {
        DayOfWeek d = today.getDayOfWeek();
        return """
                  policies:
                    - name: no-weekend-payments
                      settings:
                        maxAmount: 10000
                        operations: [work]
                        zone: UTC
                        weekendDays: [%s, %s]
                """.formatted(d, d.plus(1));
    }

    /**
     * A memory-aware node of {@link #DOMAIN} laid out as an operator would lay it out: key and certificate, trust
     * folder, and a node.yaml whose plugins section names {@code plugins} as its folder, enables the test plugin's
     * {@code work} handler (built in here: it is on the class path) and adds {@code extraPlugins}.
     */
    private Node start(String nodeId, Path plugins, String extraPlugins) throws IOException {
        Path home = mesh.folder(nodeId);
        CertificateAuthority.writeSigningKey(
                mesh.authority(DOMAIN).issueNode(nodeId, VALIDITY), home.resolve("tls"), "node");
        mesh.trustFolder(home.resolve("trust"), mesh.domains());
        Path yaml = home.resolve("node.yaml");
        Files.writeString(yaml, """
                nodeId: %s
                trustDomain: %s
                listen: 127.0.0.1:0
                mode: memory-aware
                dataDir: data
                identity: {key: tls/node.key, certificate: tls/node.crt}
                trustBundle: trust
                plugins:
                  folder: %s
                  handlers: [{name: work, settings: {by: %s}}]
                """.formatted(nodeId, DOMAIN, plugins, nodeId) + extraPlugins);
        Node node = NodeInjector.create(NodeConfig.load(yaml)).getInstance(Node.class);
        nodes.add(node);
        node.start();
        return node;
    }

    private MeshClient client(Node node) {
        return mesh.client("127.0.0.1:" + node.address().getPort(), mesh.clientKey(DOMAIN), mesh.trustBundle());
    }

    /** A one-step payment of {@code amount}, run by the {@code work} handler. */
    private static ExecutableObject payment(long amount) {
        return Plans.object(
                DOMAIN,
                Step.newBuilder()
                        .setId("pay")
                        .setOperation("work")
                        .setParams(Values.toStruct(Map.of("amount", amount)))
                        .build());
    }

    private static Entry single(ExecutableObject object) {
        List<Entry> entries = entries(object);
        assertThat(entries).as("%s", journey(object)).hasSize(1);
        return entries.get(0);
    }

    // ---- the example's jar, built without Maven

    /** Compiles the example's sources against the SPI (and nothing else), adds its resources, writes the jar. */
    static Path buildExampleJar(Path jar, Path work) throws IOException {
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<Path> sources;
        try (Stream<Path> s = Files.walk(EXAMPLE.resolve("src/main/java"))) {
            sources = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK's compiler").isNotNull();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(
                            null,
                            fm,
                            diagnostics,
                            List.of(
                                    "--release",
                                    "21",
                                    "-proc:none",
                                    "-classpath",
                                    spiLocation().toString(),
                                    "-d",
                                    classes.toString()),
                            null,
                            fm.getJavaFileObjectsFromPaths(sources))
                    .call();
            assertThat(ok)
                    .as("the example compiles against the SPI alone: %s", diagnostics.getDiagnostics())
                    .isTrue();
        }
        Path resources = EXAMPLE.resolve("src/main/resources");
        try (Stream<Path> s = Files.walk(resources)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                Path target = classes.resolve(resources.relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jos = new JarOutputStream(out, manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                jos.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                jos.write(Files.readAllBytes(f));
                jos.closeEntry();
            }
        }
        return jar;
    }

    private static Path spiLocation() {
        try {
            return Path.of(MrePlugin.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
