package io.mre.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettySslContextChannelCredentials;
import io.mre.crypto.CertificateAuthority;
import io.mre.crypto.SigningKey;
import io.mre.crypto.TrustBundle;
import io.mre.engine.codec.Digests;
import io.mre.engine.codec.Limits;
import io.mre.engine.codec.ObjectCodec;
import io.mre.engine.object.ObjectFactory;
import io.mre.engine.verify.VerifiedObject;
import io.mre.engine.verify.Verifier;
import io.mre.engine.verify.VerifierSettings;
import io.mre.node.Node;
import io.mre.node.NodeInjector;
import io.mre.node.config.NodeConfig;
import io.mre.node.federation.TlsContexts;
import io.mre.proto.v1.Context;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.ExecutionNodeServiceGrpc;
import io.mre.proto.v1.GetRequest;
import io.mre.proto.v1.Header;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.Origin;
import io.mre.proto.v1.Step;
import io.mre.proto.v1.SubmitRequest;
import io.mre.proto.v1.SubmitResponse;
import io.mre.proto.v1.TerminalStatus;
import io.mre.spi.HandlerResult;
import io.mre.spi.Invocation;
import io.mre.spi.MrePlugin;
import io.mre.spi.OperationHandler;
import io.mre.spi.OperationHandlerFactory;
import io.mre.spi.PluginSettings;
import io.mre.spi.SpiVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Node.js client of {@code examples/clients/node} against a real node: it installs the client's npm packages
 * itself, starts one memory-aware node in-process on 127.0.0.1 with mutual TLS (the client gets its own certificate
 * from the domain's CA), then runs {@code node client.js} as a user would — create, submit, get, inspect, describe,
 * roundtrip — and checks the results with the Java engine: the JavaScript deterministic encoding gives the
 * header digests Java computes (byte for byte, on hundreds of randomized intents and contexts), and an object the
 * Node.js side decoded and re-encoded in full still verifies. Skipped when no Node.js 20+ is on the PATH.
 */
class NodeJsClientIT {
    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(120);
    private static final String DOMAIN = "nodejs-it.example";
    private static final String NODE_ID = "node-1";
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    static Path dir;

    private static Path clientDir;
    private static Path trustDir;
    private static Path tlsDir;
    private static SigningKey clientKey;
    private static Node node;
    private static String target;
    private static Verifier verifier;
    private static ManagedChannel channel;

    @BeforeAll
    static void startNodeAndInstallClient() throws Exception {
        clientDir = repositoryRoot().resolve("examples/clients/node");
        Run version = runOrNull(clientDir, List.of("node", "--version"));
        // Node.js is one of the three things the README asks for: without it this test fails, it does not skip.
        assertThat(version != null && version.exit() == 0 && nodeMajor(version.out()) >= 20)
                .as("Node.js 20 or newer must be on the PATH (README: a JDK, Maven and Node.js)")
                .isTrue();
        installNpmPackages();

        CertificateAuthority ca = CertificateAuthority.create(DOMAIN, Duration.ofDays(1));
        ca.writeTo(dir.resolve("ca"));
        CertificateAuthority.writeSigningKey(ca.issueNode(NODE_ID, Duration.ofDays(1)), dir.resolve("node"), "node");
        trustDir = Files.createDirectories(dir.resolve("trust"));
        Files.copy(dir.resolve("ca/ca.crt"), trustDir.resolve("ca.crt"));
        // The client's TLS folder, as `--tls DIR` expects it: the node's CA and a client identity issued by it.
        tlsDir = Files.createDirectories(dir.resolve("client-tls"));
        clientKey = ca.issueNode("nodejs-client", Duration.ofDays(1));
        CertificateAuthority.writeSigningKey(clientKey, tlsDir, "client");
        Files.copy(dir.resolve("ca/ca.crt"), tlsDir.resolve("ca.crt"));

        Path config = dir.resolve("node.yaml");
        Files.writeString(config, """
                nodeId: %s
                trustDomain: %s
                listen: 127.0.0.1:0
                mode: memory-aware
                dataDir: data
                identity: {key: node/node.key, certificate: node/node.crt}
                trustBundle: trust
                clientTls: {required: true}
                plugins:
                  handlers: [{name: %s}]
                """.formatted(NODE_ID, DOMAIN, EchoPlugin.HANDLER));
        node = NodeInjector.create(NodeConfig.load(config)).getInstance(Node.class);
        node.start();
        target = "127.0.0.1:" + node.address().getPort();
        TrustBundle trust = TrustBundle.load(trustDir);
        verifier = new Verifier(VerifierSettings.strict(trust));
        ChannelCredentials credentials = NettySslContextChannelCredentials.create(TlsContexts.client(clientKey, trust));
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1", node.address().getPort(), credentials)
                .build();
    }

    @AfterAll
    static void stopNode() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void createSubmitGetInspectDescribeAsAUserWould() throws Exception {
        Path created = dir.resolve("created.bin");
        // The object's origin is the client's domain: a node answers only its owner's or origin's callers.
        Run create = ok(
                node("create", "--intent", "intent.json", "--domain", DOMAIN, "--out", created.toString()), "create");
        String objectId = field(create, "object_id");

        // Java reads the JavaScript-made object and computes the same digests (and so does its verifier).
        ExecutableObject object = ObjectCodec.parse(Files.readAllBytes(created), Limits.DEFAULT);
        Header header = ObjectCodec.header(object);
        assertThat(header.getObjectId()).isEqualTo(objectId);
        assertThat(header.getFormatVersion()).isEqualTo(ObjectCodec.FORMAT_VERSION);
        assertThat(HEX.formatHex(Digests.intentDigest(object.getIntent())))
                .isEqualTo(field(create, "intent_digest"))
                .isEqualTo(HEX.formatHex(header.getInitialIntentDigest().toByteArray()));
        assertThat(HEX.formatHex(Digests.contextDigest(object.getContext())))
                .isEqualTo(field(create, "context_digest"))
                .isEqualTo(HEX.formatHex(header.getInitialContextDigest().toByteArray()));
        assertThat(HEX.formatHex(Digests.headerDigest(object.getHeader().getHeader())))
                .isEqualTo(field(create, "header_digest"));
        assertThat(object.getIntent().getInput().getFieldsMap()).containsKeys("claim_id", "amount", "customer");
        verifier.verify(object);

        Path submitted = dir.resolve("submitted.bin");
        Run submit = ok(
                node(
                        "submit",
                        "--to",
                        target,
                        "--tls",
                        tlsDir.toString(),
                        created.toString(),
                        "--out",
                        submitted.toString()),
                "submit");
        assertThat(submit.out()).contains(objectId + ": TERMINATED, COMPLETED");
        VerifiedObject afterSubmit = verifier.verify(parse(submitted));
        assertThat(afterSubmit.entries()).hasSize(3);

        Path fetched = dir.resolve("fetched.bin");
        Run get = ok(
                node("get", "--at", target, "--tls", tlsDir.toString(), objectId, "--out", fetched.toString()), "get");
        assertThat(get.out()).contains(objectId + ": TERMINATED, COMPLETED");
        // What `get --out` wrote is itself a JavaScript re-encoding of the node's answer; it verifies.
        VerifiedObject verified = verifier.verify(parse(fetched));
        assertThat(verified.entries()).hasSize(3);

        Run inspect = ok(node("inspect", fetched.toString(), "--trust", trustDir.toString()), "inspect");
        assertThat(timelineRows(inspect.out()))
                .as("timeline of\n%s", inspect.out())
                .containsExactly(
                        List.of("0", NODE_ID + "@" + DOMAIN, "EXECUTE", "register#1", "PERMIT"),
                        List.of("1", NODE_ID + "@" + DOMAIN, "EXECUTE", "notify#1", "PERMIT"),
                        List.of("2", NODE_ID + "@" + DOMAIN, "TERMINATE", "-"));
        assertThat(inspect.out())
                .contains("-> ok {")
                .contains("COMPLETED")
                .contains("integrity: ok (hash chain of 3 " + "entries, 3 signatures valid")
                .contains("signers issued by the given anchors");

        Run json = ok(node("inspect", fetched.toString(), "--json"), "inspect --json");
        assertThat(json.out())
                .contains("\"action\": \"EXECUTE\"")
                .contains("\"action\": \"TERMINATE\"")
                .contains("\"claim_id\": \"C-1042\"")
                .contains("\"ok\": true");

        Run describe = ok(node("describe", "--at", target, "--tls", tlsDir.toString()), "describe");
        assertThat(describe.out())
                .contains("node " + NODE_ID + "@" + DOMAIN)
                .contains("echo")
                .contains(EchoPlugin.HANDLER);
    }

    @Test
    void anObjectDecodedAndReEncodedByNodeJsStillVerifies() throws Exception {
        // A Java-made object, run by the node, read back with the Java stub: the node's final object as Java has it.
        Intent intent = Intent.newBuilder()
                .setName("roundtrip")
                .setVersion("1")
                .setInput(struct(Map.of(
                        "10",
                        Value.newBuilder().setNumberValue(0).build(),
                        "9",
                        Value.newBuilder().setStringValue("").build(),
                        "a",
                        Value.newBuilder().setBoolValue(false).build(),
                        "\uD83D\uDE00",
                        Value.newBuilder()
                                .setStructValue(Struct.getDefaultInstance())
                                .build())))
                .addSteps(Step.newBuilder()
                        .setId("one")
                        .setOperation("echo")
                        .setParams(struct(Map.of(
                                "k", Value.newBuilder().setStringValue("v").build()))))
                .addSteps(Step.newBuilder().setId("two").setOperation("echo"))
                .build();
        Context context = Context.newBuilder()
                .setTenant("t")
                .putLabels("10", "x")
                .putLabels("9", "")
                .putLabels("b", "y")
                .build();
        ExecutableObject made = ObjectFactory.create(
                intent,
                context,
                Origin.newBuilder()
                        .setAuthor(clientKey.nodeId())
                        .setTrustDomain(DOMAIN)
                        .build(),
                Optional.of(clientKey),
                InstantSource.system());
        SubmitResponse response =
                stub().submit(SubmitRequest.newBuilder().setObject(made).build());
        assertThat(response.getStatus().getTerminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
        ExecutableObject original = stub().get(GetRequest.newBuilder()
                        .setObjectId(response.getStatus().getObjectId())
                        .build())
                .getObject();
        verifier.verify(original);
        Path javaBytes = dir.resolve("java-final.bin");
        Files.write(javaBytes, original.toByteArray());

        for (boolean deterministic : new boolean[] {false, true}) {
            Path reEncoded = dir.resolve("roundtrip-" + deterministic + ".bin");
            List<String> args = new ArrayList<>(List.of("roundtrip", javaBytes.toString(), reEncoded.toString()));
            if (deterministic) {
                args.add("--deterministic");
            }
            ok(node(args.toArray(String[]::new)), "roundtrip");
            ExecutableObject back = parse(reEncoded);
            VerifiedObject verified = verifier.verify(back);
            assertThat(verified.entries()).hasSize(3);
            assertThat(back).isEqualTo(original);
            assertThat(back.getHeader().getHeader())
                    .isEqualTo(original.getHeader().getHeader());
            assertThat(back.getMemory().getEntriesList())
                    .isEqualTo(original.getMemory().getEntriesList());
            for (int i = 0; i < back.getMemory().getEntriesCount(); i++) {
                EntryEnvelope e = back.getMemory().getEntries(i);
                assertThat(e.getEntry())
                        .as("entry %d bytes", i)
                        .isEqualTo(original.getMemory().getEntries(i).getEntry());
            }
        }

        // The JavaScript side checks the Java-made chain and signatures, header signature included.
        Run inspect = ok(
                node("inspect", dir.resolve("roundtrip-false.bin").toString(), "--trust", trustDir.toString()),
                "inspect");
        assertThat(inspect.out())
                .contains("header signed")
                .contains("EXECUTE")
                .contains("TERMINATE")
                .contains("integrity: ok (hash chain of 3 entries, 4 signatures valid");
    }

    @Test
    void javaScriptDigestsEqualJavasOnRandomizedAndTrickyContent() throws Exception {
        // Hundreds of randomized intents and contexts: integer-like, non-ASCII and non-BMP map keys, zeros, empty
        // strings, nulls, -0.0, nested lists and structs, oneofs set to default values, times and durations.
        Path random = dir.resolve("random");
        ok(
                node("test/random-objects.js", "--out", random.toString(), "--count", "300", "--seed", "20261126"),
                "random-objects");
        int checked = 0;
        try (Stream<Path> files = Files.list(random)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("obj-\\d+\\.bin"))
                    .sorted()
                    .toList()) {
                String base = file.toString().substring(0, file.toString().length() - ".bin".length());
                byte[] jsIntent = Files.readAllBytes(Path.of(base + ".intent.bin"));
                byte[] jsContext = Files.readAllBytes(Path.of(base + ".context.bin"));
                assertThat(HEX.formatHex(deterministic(Intent.parseFrom(jsIntent))))
                        .as("protobuf-java's deterministic encoding of the intent of %s", file)
                        .isEqualTo(HEX.formatHex(jsIntent));
                assertThat(HEX.formatHex(deterministic(Context.parseFrom(jsContext))))
                        .as("protobuf-java's deterministic encoding of the context of %s", file)
                        .isEqualTo(HEX.formatHex(jsContext));
                ExecutableObject object = parse(file);
                Header header = ObjectCodec.header(object);
                assertThat(Digests.intentDigest(object.getIntent()))
                        .isEqualTo(header.getInitialIntentDigest().toByteArray());
                assertThat(Digests.contextDigest(object.getContext()))
                        .isEqualTo(header.getInitialContextDigest().toByteArray());
                verifier.verify(object);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(300);

        // A hand-written intent with the same traps, created by the CLI and run by the node: the node accepts the
        // JavaScript header digests (it verifies them before running) and records the same intent digest.
        Path tricky = dir.resolve("tricky.json");
        Files.writeString(tricky, """
                {
                  "origin": {"author": "nodejs-it", "trust_domain": "%s"},
                  "intent": {
                    "name": "tricky", "version": "",
                    "input": {"b": 1, "10": 0, "9": "", "a": false, "z": null, "\\ud83d\\ude00": [], "\\ufffd": {},
                              "nested": {"y": [1, "two", {"3": 3, "20": -0.5}], "x": {"empty": {}}}},
                    "steps": [
                      {"id": "first", "operation": "echo", "params": {"k": "v", "n": 0}},
                      {"id": "second", "operation": "echo",
                       "retry": {"max_attempts": 2, "initial_backoff": "0.1s", "backoff_multiplier": 0},
                       "timeout": "30s"}
                    ],
                    "onFailure": "FAILURE_MODE_TERMINATE"
                  },
                  "context": {"tenant": "", "priority": -3, "max_hops": 0, "deadline": "2099-12-31T23:59:59.999999999Z",
                              "labels": {"9": "nine", "10": "ten", "": "empty", "é": "e"},
                              "residency_regions": ["eu-west", ""], "trace": {}}
                }
                """.formatted(DOMAIN));
        Path created = dir.resolve("tricky.bin");
        Run create = ok(
                node("create", "--intent", tricky.toString(), "--domain", DOMAIN, "--out", created.toString()),
                "create tricky");
        ExecutableObject object = parse(created);
        assertThat(HEX.formatHex(Digests.intentDigest(object.getIntent()))).isEqualTo(field(create, "intent_digest"));
        assertThat(HEX.formatHex(Digests.contextDigest(object.getContext())))
                .isEqualTo(field(create, "context_digest"));
        assertThat(object.getContext().hasTrace()).isTrue();
        assertThat(object.getIntent().getInput().getFieldsOrThrow("10").getKindCase())
                .isEqualTo(Value.KindCase.NUMBER_VALUE);
        verifier.verify(object);

        Run submit =
                ok(node("submit", "--to", target, "--tls", tlsDir.toString(), created.toString()), "submit tricky");
        assertThat(submit.out()).contains(field(create, "object_id") + ": TERMINATED, COMPLETED");
        ExecutableObject after = stub().get(GetRequest.newBuilder()
                        .setObjectId(field(create, "object_id"))
                        .build())
                .getObject();
        VerifiedObject verified = verifier.verify(after);
        assertThat(verified.intentDigest().toByteArray()).isEqualTo(Digests.intentDigest(object.getIntent()));
        assertThat(after.getIntent()).isEqualTo(object.getIntent());
        assertThat(after.getContext()).isEqualTo(object.getContext());
    }

    @Test
    void errorsAreOneLineWithTheNodesReason() throws Exception {
        Path created = dir.resolve("to-tamper.bin");
        ok(node("create", "--intent", "intent.json", "--domain", DOMAIN, "--out", created.toString()), "create");
        ExecutableObject object = parse(created);
        Path tampered = dir.resolve("tampered.bin");
        Files.write(
                tampered,
                object.toBuilder()
                        .setIntent(object.getIntent().toBuilder().setName("changed"))
                        .build()
                        .toByteArray());

        Run refused = node("submit", "--to", target, "--tls", tlsDir.toString(), tampered.toString());
        assertThat(refused.exit()).as(refused.describe()).isEqualTo(1);
        assertThat(refused.err().strip())
                .as(refused.describe())
                .startsWith("mre-node submit: " + target + ": FAILED_PRECONDITION:")
                .contains("[INTEGRITY_VIOLATION")
                .contains("rule=INTENT_CHANGED_WITHOUT_MUTATE")
                .doesNotContain("\n");

        Run inspect = ok(node("inspect", tampered.toString()), "inspect tampered");
        assertThat(inspect.out()).contains("integrity: BROKEN: the carried intent does not match");

        Run plaintext = node("get", "--at", target, "00000000-0000-7000-8000-000000000000");
        assertThat(plaintext.exit()).as(plaintext.describe()).isEqualTo(1);
        assertThat(plaintext.err()).as(plaintext.describe()).contains("UNAVAILABLE");

        Run missing = node("get", "--at", target, "--tls", tlsDir.toString(), "00000000-0000-7000-8000-000000000000");
        assertThat(missing.exit()).as(missing.describe()).isEqualTo(1);
        assertThat(missing.err()).as(missing.describe()).contains("NOT_FOUND").contains("OBJECT_NOT_FOUND");

        Run usage = node("submit", created.toString());
        assertThat(usage.exit()).as(usage.describe()).isEqualTo(2);
        assertThat(usage.err()).contains("--to is required");
    }

    // ---------------------------------------------------------------------------------------------------------
    // The test plugin: an operation handler for "echo" (output = the step's params plus who ran it).

    /** Listed in {@code META-INF/services/io.mre.spi.MrePlugin} of the test resources. */
    public static final class EchoPlugin implements MrePlugin {
        static final String HANDLER = "nodejs-it-echo";

        @Override
        public String name() {
            return "nodejs-it";
        }

        @Override
        public int spiVersion() {
            return SpiVersion.CURRENT;
        }

        @Override
        public List<OperationHandlerFactory> handlers() {
            return List.of(new OperationHandlerFactory() {
                @Override
                public String name() {
                    return HANDLER;
                }

                @Override
                public OperationHandler create(PluginSettings settings) {
                    return new OperationHandler() {
                        @Override
                        public String operation() {
                            return "echo";
                        }

                        @Override
                        public HandlerResult handle(Invocation invocation) {
                            Map<String, Object> output = new LinkedHashMap<>(invocation.params());
                            output.put("step", invocation.stepId());
                            output.put("handled_by", "java");
                            return HandlerResult.success(output);
                        }
                    };
                }
            });
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Helpers

    private record Run(List<String> command, int exit, String out, String err) {
        String describe() {
            return String.join(" ", command) + " exited " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private static ExecutionNodeServiceGrpc.ExecutionNodeServiceBlockingStub stub() {
        return ExecutionNodeServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private static ExecutableObject parse(Path file) throws IOException {
        return ObjectCodec.parse(Files.readAllBytes(file), Limits.DEFAULT);
    }

    private static Struct struct(Map<String, Value> fields) {
        return Struct.newBuilder().putAllFields(fields).build();
    }

    /** What protobuf-java writes with deterministic serialization (as the engine's Digests hash it). */
    private static byte[] deterministic(MessageLite message) throws IOException {
        byte[] out = new byte[message.getSerializedSize()];
        CodedOutputStream stream = CodedOutputStream.newInstance(out);
        stream.useDeterministicSerialization();
        message.writeTo(stream);
        stream.checkNoSpaceLeft();
        return out;
    }

    /** The value of a "name: value" line of a command's output. */
    private static String field(Run run, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + ": (\\S+)$").matcher(run.out());
        if (!m.find()) {
            fail("no '%s:' line in the output of %s", name, run.describe());
        }
        return m.group(1);
    }

    /** The timeline rows of `inspect`: seq, node@domain, action, step#attempt and the verdict ("-": none). */
    private static List<List<String>> timelineRows(String output) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.matches("^\\d+ +\\S+ .*")) {
                continue;
            }
            String[] cols = line.trim().split(" +");
            List<String> row = new ArrayList<>(List.of(cols[0], cols[2], cols[3], cols[4]));
            if (cols.length > 5 && !cols[5].equals("-")) {
                row.add(cols[5]);
            }
            rows.add(row);
        }
        return rows;
    }

    private static Run node(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node"));
        if (!args[0].endsWith(".js")) {
            command.add("client.js");
        }
        command.addAll(List.of(args));
        return run(clientDir, command);
    }

    private static Run ok(Run run, String what) {
        assertThat(run.exit()).as("%s: %s", what, run.describe()).isZero();
        return run;
    }

    private static Run run(Path workDir, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out-", ".txt");
        Path err = Files.createTempFile(dir, "err-", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().put("NO_COLOR", "1");
        builder.environment().put("npm_config_update_notifier", "false");
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(PROCESS_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail(
                    "%s did not finish within %s\n--- stdout\n%s--- stderr\n%s",
                    String.join(" ", command),
                    PROCESS_TIMEOUT,
                    Files.readString(out, UTF_8),
                    Files.readString(err, UTF_8));
        }
        return new Run(command, process.exitValue(), Files.readString(out, UTF_8), Files.readString(err, UTF_8));
    }

    private static Run runOrNull(Path workDir, List<String> command) throws InterruptedException {
        try {
            return run(workDir, command);
        } catch (IOException e) {
            return null; // not installed
        }
    }

    private static int nodeMajor(String version) {
        Matcher m = Pattern.compile("v(\\d+)\\.").matcher(version);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** `npm ci` (or `npm install` without a lock file), unless node_modules already holds the packages. */
    private static void installNpmPackages() throws IOException, InterruptedException {
        Path modules = clientDir.resolve("node_modules");
        boolean complete = Files.isRegularFile(modules.resolve(".package-lock.json"))
                && Stream.of("@grpc/grpc-js", "@grpc/proto-loader", "protobufjs")
                        .allMatch(p -> Files.isRegularFile(modules.resolve(p).resolve("package.json")))
                && (!Files.exists(clientDir.resolve("package-lock.json"))
                        || Files.getLastModifiedTime(modules.resolve(".package-lock.json"))
                                        .compareTo(Files.getLastModifiedTime(clientDir.resolve("package-lock.json")))
                                >= 0);
        if (complete) {
            return;
        }
        String install = Files.exists(clientDir.resolve("package-lock.json")) ? "ci" : "install";
        ok(run(clientDir, List.of("npm", install, "--no-audit", "--no-fund")), "npm " + install);
    }

    /** The repository root: the first folder up from the module that holds examples/clients/node. */
    private static Path repositoryRoot() {
        String override = System.getProperty("mre.repository");
        if (override != null) {
            return Path.of(override).toAbsolutePath();
        }
        Path start = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                .toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("examples/clients/node/client.js"))) {
                return p;
            }
        }
        throw new IllegalStateException("examples/clients/node/client.js not found above " + start
                + " (set -Dmre.repository=<repository root>)");
    }
}
