package io.mre.it.fuzz;

import static io.mre.it.mesh.Plans.awaitingSignal;
import static io.mre.it.mesh.Plans.id;
import static io.mre.it.mesh.Plans.object;
import static io.mre.it.mesh.Plans.step;
import static io.mre.it.mesh.RawCalls.raw;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.mre.cli.intent.IntentFile;
import io.mre.cli.intent.IntentFormatException;
import io.mre.crypto.SigningKey;
import io.mre.engine.MreException;
import io.mre.engine.codec.Limits;
import io.mre.engine.codec.ObjectCodec;
import io.mre.engine.verify.Verifier;
import io.mre.engine.verify.VerifierSettings;
import io.mre.it.fuzz.Campaign.Expected;
import io.mre.it.fuzz.Campaign.Figures;
import io.mre.it.mesh.Forgery;
import io.mre.it.mesh.MeshClient;
import io.mre.it.mesh.MeshNode;
import io.mre.it.mesh.NodeOptions;
import io.mre.it.mesh.RpcErrors;
import io.mre.it.mesh.TestMesh;
import io.mre.node.config.ConfigException;
import io.mre.node.config.NodeConfig;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.DelegateDetail;
import io.mre.proto.v1.DelegateRequest;
import io.mre.proto.v1.EvaluateRequest;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.ExecuteDetail;
import io.mre.proto.v1.ExecutionNodeServiceGrpc;
import io.mre.proto.v1.FederationServiceGrpc;
import io.mre.proto.v1.GetRequest;
import io.mre.proto.v1.Lifecycle;
import io.mre.proto.v1.NodeRef;
import io.mre.proto.v1.Outcome;
import io.mre.proto.v1.SubmitRequest;
import io.mre.proto.v1.SubmitResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input, fuzzed: a fixed corpus of well-formed inputs, then seeded byte-level mutations of it (see
 * {@link Mutator}; no coverage feedback), against decode → verify, the YAML intent reader, {@code node.yaml}
 * loading and the gRPC endpoints of a node running in this JVM. Every input must be accepted or refused the
 * documented way (MreException, IntentFormatException, ConfigException; over gRPC a status of node.proto's list
 * other than INTERNAL), within 10 s, and the object parked on the node must keep its bytes.
 *
 * <p>CI runs a few hundred inputs per target ({@code mre.fuzz.iterations}); {@code -Pfuzz} runs each target for
 * {@code mre.fuzz.seconds}. The seed is {@code mre.fuzz.seed}.
 */
class BadInputFuzzIT {
    private static final String ALPHA = "alpha.example";
    private static final String BETA = "beta.example";
    private static final Duration HANG = Duration.ofSeconds(10);
    /** node.proto's statuses, less INTERNAL (an internal error on bad input is a crash). */
    private static final Set<Status.Code> LISTED = EnumSet.of(
            Status.Code.INVALID_ARGUMENT,
            Status.Code.RESOURCE_EXHAUSTED,
            Status.Code.FAILED_PRECONDITION,
            Status.Code.PERMISSION_DENIED,
            Status.Code.UNAUTHENTICATED,
            Status.Code.NOT_FOUND,
            Status.Code.UNAVAILABLE,
            Status.Code.DEADLINE_EXCEEDED);

    private static final long SEED = Long.getLong("mre.fuzz.seed", 14L);
    private static final int ITERATIONS = Integer.getInteger("mre.fuzz.iterations", 300);
    private static final Duration BUDGET = Duration.ofSeconds(Long.getLong("mre.fuzz.seconds", 20L));

    @TempDir
    static Path dir;

    private static TestMesh mesh;
    private static MeshNode n1;
    private static SigningKey alphaNode;
    private static MeshClient owner;
    private static MeshClient peer;
    private static ExecutableObject parked;
    private static ExecutableObject created;
    private static ExecutableObject delegated;
    /** Dormant on a signal: the object the fuzzed Signal and Cancel calls name (never {@link #parked}). */
    private static ExecutableObject target;
    /** Terminated: the object the fuzzed Watch calls name (its stream ends at once). */
    private static ExecutableObject done;

    private static final List<Figures> figures = new ArrayList<>();

    @BeforeAll
    static void startNode() {
        mesh = TestMesh.create(dir.resolve("mesh"), ALPHA, BETA);
        n1 = mesh.start(NodeOptions.of("n1", BETA).withHandlers("score", "work"));
        alphaNode = mesh.authority(ALPHA).issueNode("a-fuzz", Duration.ofDays(1));
        owner = mesh.client(n1, ALPHA);
        peer = mesh.client(n1.address(), alphaNode, mesh.trustBundle());
        SubmitResponse r = owner.node()
                .submit(SubmitRequest.newBuilder()
                        .setObject(object(ALPHA, awaitingSignal(step("s1", "work"), "go")))
                        .build());
        assertThat(r.getStatus().getLifecycle()).isEqualTo(Lifecycle.LIFECYCLE_DORMANT);
        parked = r.getObject();
        target = owner.node()
                .submit(SubmitRequest.newBuilder()
                        .setObject(object(ALPHA, awaitingSignal(step("s1", "work"), "go")))
                        .build())
                .getObject();
        done = owner.node()
                .submit(SubmitRequest.newBuilder()
                        .setObject(object(ALPHA, step("s1", "work")))
                        .build())
                .getObject();
        created = object(ALPHA, step("s1", "prepare", ALPHA), step("s2", "score", BETA));
        delegated = new Forgery(created)
                .append(
                        alphaNode,
                        e -> e.setAction(Action.ACTION_EXECUTE)
                                .setStepId("s1")
                                .setAttempt(1)
                                .setOutcome(Outcome.newBuilder().setOutput(Struct.getDefaultInstance()))
                                .setExecute(ExecuteDetail.newBuilder().setOperation("prepare")))
                .append(
                        alphaNode,
                        e -> e.setAction(Action.ACTION_DELEGATE)
                                .setStepId("s2")
                                .setDelegate(DelegateDetail.newBuilder()
                                        .setTarget(NodeRef.newBuilder()
                                                .setNodeId(n1.nodeId())
                                                .setTrustDomain(BETA))
                                        .setTargetAddress(n1.address())))
                .object();
    }

    @AfterAll
    static void stopNode() {
        int inputs = figures.stream().mapToInt(Figures::inputs).sum();
        System.out.println("fuzz: seed=" + SEED + " targets=" + figures.size() + " inputs=" + inputs + " crashes="
                + figures.stream().mapToInt(Figures::crashes).sum() + " hangs="
                + figures.stream().mapToInt(Figures::hangs).sum() + " | "
                + String.join(" | ", figures.stream().map(Figures::line).toList()));
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    void decodeThenVerify() {
        Verifier verifier = new Verifier(VerifierSettings.strict(mesh.trustBundle()));
        List<byte[]> corpus = List.of(
                created.toByteArray(),
                delegated.toByteArray(),
                parked.toByteArray(),
                new Forgery(created).withGenesis().object().toByteArray(),
                new byte[0]);
        assertClean(Campaign.run(
                "decode-verify",
                corpus,
                SEED,
                (int) Math.min(Integer.MAX_VALUE, ITERATIONS * 10L),
                BUDGET,
                HANG,
                input -> {
                    try {
                        verifier.verify(ObjectCodec.parse(input, Limits.DEFAULT));
                    } catch (MreException e) {
                        throw new Expected(e.getMessage());
                    }
                }));
    }

    @Test
    void intentYaml() throws IOException {
        IntentFile reader = new IntentFile(InstantSource.fixed(Instant.parse("2026-11-26T10:00:00Z")));
        Path file = dir.resolve("intent.yaml");
        List<byte[]> corpus = List.of(utf8("""
                name: claim.settle
                version: "1.0"
                input: {claimId: C-1, amount: 1200}
                onFailure: dormant-for-review
                steps:
                  - id: assess
                    operation: claim.assess
                    params: {threshold: 5000}
                    routing: {domain: insurer.example, capabilities: [claim.assess], labels: {region: eu-west}}
                    retry: {maxAttempts: 3, initialBackoff: 1s, maxBackoff: 1m, multiplier: 2.5}
                    compensation: {operation: claim.reopen, params: {why: undo}}
                    timeout: 30s
                  - id: wait
                    operation: claim.approve
                    await: {signal: approved, from: [insurer.example]}
                  - id: later
                    operation: claim.close
                    await: {after: 1h30m}
                  - id: at
                    operation: claim.archive
                    await: {at: "2026-12-01T09:00:00Z"}
                context:
                  tenant: acme
                  ownerDomain: insurer.example
                  allowedDomains: [insurer.example, bureau.example]
                  deadline: 10m
                  cycleBudget: 200
                  labels: {line: motor}
                origin: {author: alice, domain: insurer.example}
                """), utf8("name: n\nsteps: [{id: a, operation: b}]\n"), utf8("""
                name: anchors
                steps:
                  - &s {id: a, operation: b, params: {x: [1, 2.5, true, null, "t"]}}
                  - {id: c, operation: d, await: {signal: go}}
                """));
        assertClean(Campaign.run("intent-yaml", corpus, SEED, ITERATIONS, BUDGET, HANG, input -> {
            Files.write(file, input);
            try {
                reader.read(file);
            } catch (IntentFormatException e) {
                throw new Expected(e.getMessage());
            }
        }));
    }

    @Test
    void nodeYaml() throws IOException {
        Path folder = mesh.folder(n1.nodeId());
        Path file = folder.resolve("fuzzed-node.yaml");
        List<byte[]> corpus = List.of(Files.readAllBytes(folder.resolve("node.yaml")));
        assertClean(Campaign.run("node-yaml", corpus, SEED, ITERATIONS, BUDGET, HANG, input -> {
            Files.write(file, input);
            try {
                NodeConfig.load(file);
            } catch (ConfigException e) {
                throw new Expected(e.getMessage());
            }
        }));
    }

    @Test
    void grpcEndpoints() {
        String parkedId = id(parked);
        List<byte[]> corpus = List.of(
                SubmitRequest.newBuilder()
                        .setObject(object(ALPHA, step("s1", "work")))
                        .build()
                        .toByteArray(),
                SubmitRequest.newBuilder().setObject(parked).build().toByteArray(),
                DelegateRequest.newBuilder().setObject(delegated).build().toByteArray(),
                GetRequest.newBuilder().setObjectId(parkedId).build().toByteArray(),
                EvaluateRequest.newBuilder().setObjectId(parkedId).build().toByteArray(),
                io.mre.proto.v1.SignalRequest.newBuilder()
                        .setObjectId(id(target))
                        .setName("go")
                        .build()
                        .toByteArray(),
                io.mre.proto.v1.CancelRequest.newBuilder()
                        .setObjectId(id(target))
                        .setReason("fuzz")
                        .build()
                        .toByteArray(),
                io.mre.proto.v1.WatchRequest.newBuilder()
                        .setObjectId(id(done))
                        .build()
                        .toByteArray());
        List<MethodDescriptor<byte[], byte[]>> methods = List.of(
                raw(ExecutionNodeServiceGrpc.getSubmitMethod()),
                raw(FederationServiceGrpc.getDelegateMethod()),
                raw(ExecutionNodeServiceGrpc.getGetMethod()),
                raw(ExecutionNodeServiceGrpc.getEvaluateMethod()),
                raw(ExecutionNodeServiceGrpc.getSignalMethod()),
                raw(ExecutionNodeServiceGrpc.getCancelMethod()),
                raw(ExecutionNodeServiceGrpc.getWatchMethod()));
        int[] call = {0};
        Figures result = Campaign.run("grpc", corpus, SEED, ITERATIONS, BUDGET, HANG, input -> {
            MethodDescriptor<byte[], byte[]> method = methods.get(call[0]++ % methods.size());
            if (changes(method) && new String(input, StandardCharsets.ISO_8859_1).contains(parkedId)) {
                // a Signal or Cancel naming the parked object would change it lawfully: that one is only read
                method = raw(ExecutionNodeServiceGrpc.getGetMethod());
            }
            MeshClient as = method.getServiceName().equals(FederationServiceGrpc.SERVICE_NAME) ? peer : owner;
            CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(
                    HANG.toMillis() / 2, java.util.concurrent.TimeUnit.MILLISECONDS);
            try {
                if (method.getType() == MethodDescriptor.MethodType.SERVER_STREAMING) {
                    ClientCalls.blockingServerStreamingCall(as.channel(), method, options, input)
                            .forEachRemaining(message -> {});
                } else {
                    ClientCalls.blockingUnaryCall(as.channel(), method, options, input);
                }
            } catch (StatusRuntimeException e) {
                if (!LISTED.contains(e.getStatus().getCode())) {
                    throw new AssertionError("status outside node.proto's list: " + e.getStatus());
                }
                if (e.getStatus().getCode() != Status.Code.RESOURCE_EXHAUSTED
                        && !"mre.io".equals(RpcErrors.errorInfo(e).getDomain())) {
                    throw new AssertionError("no mre.io ErrorInfo: " + e.getStatus());
                }
                throw new Expected(e.getStatus().toString());
            }
        });
        assertClean(result);
        assertThat(owner.get(parkedId).getObject().toByteString())
                .as("parked bytes unchanged")
                .isEqualTo(parked.toByteString());
    }

    /** Signal and Cancel by id change the object they name. */
    private static boolean changes(MethodDescriptor<byte[], byte[]> method) {
        return method.getBareMethodName().equals("Signal")
                || method.getBareMethodName().equals("Cancel");
    }

    private static void assertClean(Figures f) {
        figures.add(f);
        assertThat(f.inputs()).isGreaterThan(0);
        assertThat(f.failures()).as(f.line()).isEmpty();
        assertThat(f.crashes()).isZero();
        assertThat(f.hangs()).isZero();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
