package io.mre.node.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.inject.CreationException;
import com.google.inject.spi.Message;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.mre.crypto.CertificateAuthority;
import io.mre.engine.object.ObjectFactory;
import io.mre.engine.view.Values;
import io.mre.node.Node;
import io.mre.node.NodeInjector;
import io.mre.node.config.ConfigException;
import io.mre.node.config.NodeConfig;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.CallerRef;
import io.mre.proto.v1.CancelRequest;
import io.mre.proto.v1.CancelResponse;
import io.mre.proto.v1.Context;
import io.mre.proto.v1.DescribeRequest;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.ExecutionNodeServiceGrpc;
import io.mre.proto.v1.FederationServiceGrpc;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.Origin;
import io.mre.proto.v1.PluginInfo;
import io.mre.proto.v1.ReentryCondition;
import io.mre.proto.v1.SignalRequest;
import io.mre.proto.v1.SignalResponse;
import io.mre.proto.v1.Step;
import io.mre.proto.v1.SubmitRequest;
import io.mre.proto.v1.SubmitResponse;
import io.mre.proto.v1.TerminalStatus;
import io.mre.proto.v1.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fail-closed through a real node and its engine, with the node's own runner (500 ms limit, wired by PluginsModule;
 * the deadline is the test's, {@link #HANG_IS_OVER_LIMIT}):
 * a plugin policy that throws, or runs past its limit while ignoring interrupts, is recorded as REJECT "policy
 * error: …" and the step never runs; a failing advisor is recorded as failed advice and ignored. A broken plugin
 * stops the node's start-up with one line naming the configuration key, the jar, the plugin and the cause. The node
 * listens in plaintext on loopback, so it also shows that such a node trusts every local caller.
 */
class FailClosedNodeTest {
    private static final String DOMAIN = "test.example";
    private static final Duration DAY = Duration.ofDays(1);

    @TempDir
    static Path dir;

    private static Node node;
    private static ManagedChannel channel;

    @BeforeAll
    static void startNode() throws IOException {
        faultyPlugin()
                .writeJar(Files.createDirectories(dir.resolve("plugins")).resolve("faulty.jar"), dir.resolve("build"));
        node = start(writeNode(dir, """
                plugins:
                  folder: plugins
                  policies: [{name: faulty}]
                  advisors: [{name: failing-advisor}]
                  handlers: [{name: work}]
                """));
        channel = Grpc.newChannelBuilderForAddress(
                        "127.0.0.1", node.address().getPort(), InsecureChannelCredentials.create())
                .build();
    }

    @AfterAll
    static void stopNode() {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void policyThatThrows_rejectsTheObjectAndTheStepNeverRuns() {
        SubmitResponse done;
        List<String> logged;
        List<String> traces;
        try (LogCapture capture = LogCapture.of(PluginFailureLog.class)) {
            done = submit("throw");
            logged = capture.lines();
            traces = capture.throwables();
        }

        // the operator's side: one WARN naming the policy, the object and the step, with the stack trace
        String id = io.mre.engine.codec.ObjectCodec.header(done.getObject()).getObjectId();
        assertThat(logged)
                .filteredOn(l -> l.contains("'faulty'"))
                .containsExactly("WARN policy 'faulty' threw on " + "object " + id
                        + " step 's1': the action is rejected (policy error)");
        assertThat(traces).contains("java.lang.IllegalStateException: rules table is empty (with stack trace)");

        assertThat(done.getStatus().getTerminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_REJECTED);
        Entry last = single(done.getObject());
        assertThat(last.getAction()).isEqualTo(Action.ACTION_TERMINATE);
        assertThat(last.getDecision().getVerdict()).isEqualTo(Verdict.VERDICT_REJECT);
        assertThat(last.getDecision().getJudgements(0).getPolicy()).isEqualTo("faulty");
        assertThat(last.getDecision().getJudgements(0).getReason())
                .isEqualTo("policy error: faulty failed: java.lang.IllegalStateException: rules table is empty");
    }

    @Test
    void policyPastItsTimeLimit_rejectsTheObjectAndTheStepNeverRuns() {
        SubmitResponse done = submit("hang");

        assertThat(done.getStatus().getTerminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_REJECTED);
        Entry last = single(done.getObject());
        assertThat(last.getAction()).isEqualTo(Action.ACTION_TERMINATE);
        assertThat(last.getDecision().getJudgements(0).getReason())
                .isEqualTo("policy error: faulty exceeded its time limit of 500 ms");
        assertThat(last.getTerminate().getReason()).startsWith("faulty: policy error: faulty exceeded");
    }

    @Test
    void failingAdvisor_isRecordedAsFailedAdviceAndIgnored() {
        SubmitResponse done = submit("none");

        assertThat(done.getStatus().getTerminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
        List<Entry> entries = entries(done.getObject());
        assertThat(entries)
                .extracting(Entry::getAction)
                .containsExactly(Action.ACTION_EXECUTE, Action.ACTION_TERMINATE);
        Entry executed = entries.get(0);
        assertThat(executed.getDecision().getVerdict()).isEqualTo(Verdict.VERDICT_PERMIT);
        assertThat(executed.getAdviceList()).singleElement().satisfies(a -> {
            assertThat(a.getAdvisor()).isEqualTo("failing-advisor");
            assertThat(a.getFailed()).isTrue();
            assertThat(a.getRationale())
                    .isEqualTo("advisor failed: java.lang.IllegalStateException: model unavailable");
        });
        assertThat(executed.getOutcome().getOutput().getFieldsMap()).containsKey("done");
    }

    @Test
    void plaintextNode_trustsEveryLocalCaller_andRecordsItAsLocal() {
        // An object of a domain this node is not: on a mutual-TLS node its callers only would be served.
        Intent intent = Intent.newBuilder()
                .setName("local")
                .setVersion("1")
                .setInput(Values.toStruct(Map.of("fault", "none")))
                .addSteps(Step.newBuilder()
                        .setId("s1")
                        .setOperation("work")
                        .setAwaitCondition(ReentryCondition.newBuilder().setSignal("go")))
                .build();
        ExecutableObject object = ObjectFactory.create(
                intent,
                Context.newBuilder()
                        .setTenant("t")
                        .setOwnerDomain("elsewhere.example")
                        .build(),
                Origin.newBuilder()
                        .setAuthor("x")
                        .setTrustDomain("elsewhere.example")
                        .build(),
                Optional.empty(),
                InstantSource.system());
        var stub = ExecutionNodeServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        ExecutableObject dormant = stub.submit(
                        SubmitRequest.newBuilder().setObject(object).build())
                .getObject();

        // This node is stateless: the caller presents the object itself.
        SignalResponse signalled = stub.signal(SignalRequest.newBuilder()
                .setObject(dormant)
                .setName("noise")
                .setPayload(Values.toStruct(Map.of("sender", "ops@test.example")))
                .build());
        CancelResponse cancelled = stub.cancel(CancelRequest.newBuilder()
                .setObject(signalled.getObject())
                .setReason("done")
                .build());

        CallerRef local = CallerRef.newBuilder().setLocal(true).build();
        assertThat(entries(signalled.getObject()).getLast().getSignals(0).getSender())
                .isEqualTo(local);
        assertThat(entries(signalled.getObject()).getLast().getSignals(0).getFromDomain())
                .isEmpty();
        assertThat(entries(cancelled.getObject()).getLast().getTerminate().getRequestedBy())
                .isEqualTo(local);
        assertThat(cancelled.getStatus().getTerminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_CANCELLED);
    }

    @Test
    void describe_listsThePluginsWithTheirJar() {
        List<PluginInfo> plugins = FederationServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .describe(DescribeRequest.getDefaultInstance())
                .getPluginsList();

        assertThat(plugins)
                .containsExactly(info("faulty", "policy"), info("failing-advisor", "advisor"), info("work", "handler"));
    }

    @Test
    void brokenPlugin_stopsStartUpWithOneLineNamingTheKeyJarPluginAndCause(@TempDir Path other) throws IOException {
        PluginJar.ofPolicy(
                        "com.example.limit",
                        "limits",
                        "SpiVersion.CURRENT",
                        "limit-policy",
                        "long limit = settings.requireOnly(\"limit\").number(\"limit\", 0);",
                        "return Verdict.permit(\"\");")
                .writeJar(
                        Files.createDirectories(other.resolve("plugins")).resolve("limits.jar"),
                        other.resolve("build"));
        NodeConfig config = NodeConfig.load(writeNode(other, """
                plugins:
                  folder: plugins
                  policies: [{name: limit-policy, settings: {limit: lots}}]
                """));

        Throwable failure = catchThrowable(() -> NodeInjector.create(config));

        assertThat(failure).isInstanceOf(CreationException.class);
        assertThat(configProblem(failure).getMessage())
                .isEqualTo("plugins.policies: limits.jar: policy "
                        + "'limit-policy' of plugin 'limits' cannot be created: InvalidSettingsException: policy "
                        + "'limit-policy': setting 'limit' must be an integer, got 'lots'");
    }

    @Test
    void brokenPluginMarkedOptional_isSkippedAndTheNodeStarts(@TempDir Path other) throws IOException {
        Files.createDirectories(other.resolve("plugins"));
        Path yaml = writeNode(other, """
                plugins:
                  folder: plugins
                  policies: [{name: not-deployed-yet, optional: true}]
                """);

        try (Node started = start(yaml)) {
            assertThat(started.address().getPort()).isPositive();
        }
    }

    // ---- the plugin

    /**
     * One jar: policy {@code faulty} throws or hangs (ignoring interrupts) as the object's input {@code fault} says,
     * advisor {@code failing-advisor} always throws, handler {@code work} succeeds.
     */
    private static PluginJar faultyPlugin() {
        return PluginJar.empty()
                .source("com.example.faulty.FaultyPlugin", """
                package com.example.faulty;

                import io.mre.spi.*;
                import java.util.List;
                import java.util.Map;

                public final class FaultyPlugin implements MrePlugin {
                    public String name() { return "faulty-plugin"; }
                    public int spiVersion() { return SpiVersion.CURRENT; }

                    public List<PolicyFactory> policies() {
                        return List.of(new PolicyFactory() {
                            public String name() { return "faulty"; }
                            public Policy create(PluginSettings settings) { return new Faulty(); }
                        });
                    }

                    public List<AdvisorFactory> advisors() {
                        return List.of(new AdvisorFactory() {
                            public String name() { return "failing-advisor"; }
                            public Advisor create(PluginSettings settings) {
                                return new Advisor() {
                                    public String name() { return "failing-advisor"; }
                                    public List<Advice> advise(Evaluation evaluation) {
                                        throw new IllegalStateException("model unavailable");
                                    }
                                };
                            }
                        });
                    }

                    public List<OperationHandlerFactory> handlers() {
                        return List.of(new OperationHandlerFactory() {
                            public String name() { return "work"; }
                            public OperationHandler create(PluginSettings settings) {
                                return new OperationHandler() {
                                    public String operation() { return "work"; }
                                    public HandlerResult handle(Invocation invocation) {
                                        return HandlerResult.success(Map.of("done", true));
                                    }
                                };
                            }
                        });
                    }

                    static final class Faulty implements Policy {
                        public String name() { return "faulty"; }

                        public Verdict evaluate(Evaluation evaluation) {
                            Object fault = evaluation.object().intent().input().get("fault");
                            if ("throw".equals(fault)) {
                                throw new IllegalStateException("rules table is empty");
                            }
                            if ("hang".equals(fault)) {
                                System.setProperty("mre.test.faulty.hanging", "true");
                                long until = System.nanoTime() + 5_000_000_000L;
                                while (System.nanoTime() < until) {
                                    try {
                                        Thread.sleep(50);
                                    } catch (InterruptedException e) {
                                        // ignored, as a badly written policy would
                                    }
                                }
                            }
                            return Verdict.permit("no fault");
                        }
                    }
                }
                """)
                .service("com.example.faulty.FaultyPlugin");
    }

    // ---- the node

    /** A stateless node's files under {@code root}: key, certificate, trust folder and node.yaml + {@code extra}. */
    private static Path writeNode(Path root, String extra) throws IOException {
        CertificateAuthority ca = CertificateAuthority.create(DOMAIN, DAY);
        CertificateAuthority.writeSigningKey(ca.issueNode("n1", DAY), root.resolve("tls"), "node");
        ca.writeTo(root.resolve("ca"));
        Files.createDirectories(root.resolve("trust"));
        Files.copy(root.resolve("ca/ca.crt"), root.resolve("trust/" + DOMAIN + ".crt"));
        Path yaml = root.resolve("node.yaml");
        Files.writeString(yaml, """
                nodeId: n1
                trustDomain: %s
                listen: 127.0.0.1:0
                mode: stateless
                identity: {key: tls/node.key, certificate: tls/node.crt}
                trustBundle: trust
                clientTls: {required: false}
                """.formatted(DOMAIN) + extra);
        return yaml;
    }

    /**
     * The invoker's deadline here: no wall-clock bet on a loaded machine. Answers are awaited generously (a minute);
     * the limit passes as soon as the hanging policy says it hangs (a system property, the one thing its isolated
     * class loader shares with the test).
     */
    private static final TimeLimitedPluginInvoker.Deadline HANG_IS_OVER_LIMIT =
            new TimeLimitedPluginInvoker.Deadline() {
                @Override
                public <T> T await(java.util.concurrent.Future<T> result, java.time.Duration limit)
                        throws java.util.concurrent.TimeoutException, java.util.concurrent.ExecutionException,
                                InterruptedException {
                    long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
                    while (true) {
                        try {
                            return result.get(20, TimeUnit.MILLISECONDS);
                        } catch (java.util.concurrent.TimeoutException e) {
                            if (System.clearProperty("mre.test.faulty.hanging") != null || System.nanoTime() > end) {
                                throw e;
                            }
                        }
                    }
                }
            };

    private static Node start(Path yaml) {
        Node n = NodeInjector.create(
                        NodeConfig.load(yaml),
                        binder -> com.google.inject.multibindings.OptionalBinder.newOptionalBinder(
                                        binder, TimeLimitedPluginInvoker.Deadline.class)
                                .setBinding()
                                .toInstance(HANG_IS_OVER_LIMIT))
                .getInstance(Node.class);
        n.start();
        return n;
    }

    private static SubmitResponse submit(String fault) {
        Intent intent = Intent.newBuilder()
                .setName("fail-closed")
                .setVersion("1")
                .setInput(Values.toStruct(Map.of("fault", fault)))
                .addSteps(Step.newBuilder().setId("s1").setOperation("work"))
                .build();
        ExecutableObject object = ObjectFactory.create(
                intent,
                Context.newBuilder().setTenant("t").setOwnerDomain(DOMAIN).build(),
                Origin.newBuilder().setAuthor("test").setTrustDomain(DOMAIN).build(),
                Optional.empty(),
                InstantSource.system());
        return ExecutionNodeServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .submit(SubmitRequest.newBuilder().setObject(object).build());
    }

    private static List<Entry> entries(ExecutableObject object) {
        List<Entry> entries = new ArrayList<>();
        for (EntryEnvelope e : object.getMemory().getEntriesList()) {
            try {
                entries.add(Entry.parseFrom(e.getEntry()));
            } catch (InvalidProtocolBufferException x) {
                throw new AssertionError(x);
            }
        }
        return entries;
    }

    private static Entry single(ExecutableObject object) {
        List<Entry> entries = entries(object);
        assertThat(entries)
                .as("no step ran: the object was rejected in its first cycle")
                .hasSize(1);
        return entries.get(0);
    }

    private static PluginInfo info(String name, String kind) {
        return PluginInfo.newBuilder()
                .setName(name)
                .setKind(kind)
                .setSource("faulty.jar")
                .build();
    }

    /** The configuration problem among Guice's start-up failures, as NodeMain finds and prints it. */
    private static ConfigException configProblem(Throwable failure) {
        for (Message m : ((CreationException) failure).getErrorMessages()) {
            for (Throwable t = m.getCause(); t != null; t = t.getCause()) {
                if (t instanceof ConfigException c) {
                    return c;
                }
            }
        }
        throw new AssertionError("no configuration problem in " + failure);
    }
}
