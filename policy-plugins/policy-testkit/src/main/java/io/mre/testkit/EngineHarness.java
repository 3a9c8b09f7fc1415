package io.mre.testkit;

import static java.util.Objects.requireNonNull;

import io.mre.engine.Engine;
import io.mre.engine.EngineSettings;
import io.mre.engine.Explanation;
import io.mre.engine.PeerDirectory;
import io.mre.engine.Plugins;
import io.mre.engine.VisitInput;
import io.mre.engine.time.Timestamps;
import io.mre.engine.verify.VerifierSettings;
import io.mre.engine.view.Values;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.SignalRecord;
import io.mre.spi.Advisor;
import io.mre.spi.AdvisorFactory;
import io.mre.spi.Evaluation;
import io.mre.spi.ExpressionEvaluator;
import io.mre.spi.MrePlugin;
import io.mre.spi.OperationHandler;
import io.mre.spi.OperationHandlerFactory;
import io.mre.spi.PluginSettings;
import io.mre.spi.Policy;
import io.mre.spi.PolicyFactory;
import io.mre.spi.SpiVersion;
import io.mre.spi.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs a real {@link Engine} in-process, with the author's plugins, on a test object: the object is signed with a
 * {@link TestPki}, verified, then cycled until it leaves the node, as a node would. No network, no store: a
 * delegation ends the visit with the chosen fake peer. Immutable (the clock and the PKI are shared by copies).
 *
 * <pre>{@code
 * EngineHarness harness = EngineHarness.forNode(node("n1", "insurer.example"))
 *         .policy(new NoLargePayments())
 *         .handler(succeeding("credit.check"))
 *         .handler(succeeding("payment.transfer"));
 * EngineRun run = harness.run(intent("claim.settle").step("check", "credit.check").step("pay", "payment.transfer"));
 * assertThatRun(run).isCompleted().hasActions(EXECUTE, EXECUTE, TERMINATE);
 *
 * EngineRun parked = harness.run(bigClaim);              // DEFER until signal "approved"
 * EngineRun resumed = harness.signal(parked, "approved", "insurer.example");
 * }</pre>
 *
 * <p>The node's capabilities are the operations of its handlers (as in a real node); {@link NodeSpec#capabilities()}
 * is not used here. Its clock is a {@link TestClock} starting at the real time (see there why it cannot start
 * earlier); the history of a built object is rebased to end just before the clock's reading, so set deadlines from
 * {@code clock().instant()}. Make a harness per test rather than in a static field: test certificates are valid from a
 * minute before they are made, on first use, and the clock does not move by itself.
 * {@link #otherNode(NodeSpec)} gives a peer sharing the clock and the PKI, to follow a delegation.
 *
 * @param node this node: id, trust domain, labels
 * @param policies its policies, in order
 * @param advisors its advisors, in order
 * @param handlers its operation handlers
 * @param peers the fake peers of its peer directory, in order of preference
 * @param runner how each policy is run ({@link PolicyRunner#withTimeLimit} adds the node's time limit)
 * @param expressions how reentry expressions are evaluated ({@link #NO_EXPRESSIONS}: none holds)
 * @param settings the engine settings, given the verifier settings (trust anchors from the PKI)
 * @param clock the engine's clock
 * @param pki the certificates and keys signing objects and entries
 */
public record EngineHarness(
        NodeSpec node,
        List<Policy> policies,
        List<Advisor> advisors,
        List<OperationHandler> handlers,
        List<PeerSpec> peers,
        PolicyRunner runner,
        ExpressionEvaluator expressions,
        Function<VerifierSettings, EngineSettings> settings,
        TestClock clock,
        TestPki pki) {
    /** No reentry expression ever holds (only a time or a signal wakes such an object), as on a node without one. */
    public static final ExpressionEvaluator NO_EXPRESSIONS = new ExpressionEvaluator() {
        @Override
        public String language() {
            return "none";
        }

        @Override
        public boolean holds(String expression, io.mre.spi.ObjectView object, Instant now) {
            return false;
        }
    };

    public EngineHarness {
        requireNonNull(node, "node is null");
        policies = List.copyOf(policies);
        advisors = List.copyOf(advisors);
        handlers = List.copyOf(handlers);
        peers = List.copyOf(peers);
        requireNonNull(runner, "runner is null");
        requireNonNull(expressions, "expressions is null");
        requireNonNull(settings, "settings is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(pki, "pki is null");
    }

    /** {@code node} with no plugins and no peers, default engine settings, a clock at the real time, a new PKI. */
    public static EngineHarness forNode(NodeSpec node) {
        return new EngineHarness(
                node,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                PolicyRunner.DIRECT,
                NO_EXPRESSIONS,
                EngineSettings::defaults,
                TestClock.startingNow(),
                TestPki.create());
    }

    /** Another node of the same mesh: same clock and PKI, no plugins, no peers (to follow a delegation). */
    public EngineHarness otherNode(NodeSpec node) {
        return forNode(node).withClock(clock).withPki(pki);
    }

    // ---- configuration: verbs add, withX replaces

    public EngineHarness policy(Policy policy) {
        return withPolicies(append(policies, policy));
    }

    public EngineHarness advisor(Advisor advisor) {
        return withAdvisors(append(advisors, advisor));
    }

    public EngineHarness handler(OperationHandler handler) {
        return withHandlers(append(handlers, handler));
    }

    public EngineHarness peer(PeerSpec peer) {
        return withPeers(append(peers, peer));
    }

    /**
     * Adds every policy, advisor and handler {@code plugin} contributes, each created by its factory with its settings
     * from {@code settingsByName} (keyed by factory name; empty settings when absent), and its reentry expression
     * evaluator if it provides one, as a node loads a plugin.
     *
     * @throws IllegalArgumentException when the plugin was built for another SPI version
     */
    public EngineHarness plugin(MrePlugin plugin, Map<String, Map<String, Object>> settingsByName) {
        if (plugin.spiVersion() != SpiVersion.CURRENT) {
            throw new IllegalArgumentException("plugin '" + plugin.name() + "' is built for SPI version "
                    + plugin.spiVersion() + ", not " + SpiVersion.CURRENT);
        }
        Function<String, PluginSettings> settingsOf =
                name -> new PluginSettings(name, settingsByName.getOrDefault(name, Map.of()));
        EngineHarness h = this;
        for (PolicyFactory f : plugin.policies()) {
            h = h.policy(f.create(settingsOf.apply(f.name())));
        }
        for (AdvisorFactory f : plugin.advisors()) {
            h = h.advisor(f.create(settingsOf.apply(f.name())));
        }
        for (OperationHandlerFactory f : plugin.handlers()) {
            h = h.handler(f.create(settingsOf.apply(f.name())));
        }
        return plugin.expressionEvaluator().map(h::withExpressions).orElse(h);
    }

    /** As {@link #plugin(MrePlugin, Map)} with empty settings for every factory. */
    public EngineHarness plugin(MrePlugin plugin) {
        return plugin(plugin, Map.of());
    }

    public EngineHarness withNode(NodeSpec node) {
        return new EngineHarness(node, policies, advisors, handlers, peers, runner, expressions, settings, clock, pki);
    }

    public EngineHarness withPolicies(List<? extends Policy> policies) {
        return new EngineHarness(
                node, List.copyOf(policies), advisors, handlers, peers, runner, expressions, settings, clock, pki);
    }

    public EngineHarness withAdvisors(List<? extends Advisor> advisors) {
        return new EngineHarness(
                node, policies, List.copyOf(advisors), handlers, peers, runner, expressions, settings, clock, pki);
    }

    public EngineHarness withHandlers(List<? extends OperationHandler> handlers) {
        return new EngineHarness(
                node, policies, advisors, List.copyOf(handlers), peers, runner, expressions, settings, clock, pki);
    }

    public EngineHarness withPeers(List<PeerSpec> peers) {
        return new EngineHarness(node, policies, advisors, handlers, peers, runner, expressions, settings, clock, pki);
    }

    public EngineHarness withRunner(PolicyRunner runner) {
        return new EngineHarness(node, policies, advisors, handlers, peers, runner, expressions, settings, clock, pki);
    }

    public EngineHarness withExpressions(ExpressionEvaluator expressions) {
        return new EngineHarness(node, policies, advisors, handlers, peers, runner, expressions, settings, clock, pki);
    }

    /** E.g. {@code withSettings(v -> new EngineSettings(v, 8, 4, Duration.ofSeconds(5)))}. */
    public EngineHarness withSettings(Function<VerifierSettings, EngineSettings> settings) {
        return new EngineHarness(node, policies, advisors, handlers, peers, runner, expressions, settings, clock, pki);
    }

    public EngineHarness withClock(TestClock clock) {
        return new EngineHarness(node, policies, advisors, handlers, peers, runner, expressions, settings, clock, pki);
    }

    public EngineHarness withPki(TestPki pki) {
        return new EngineHarness(node, policies, advisors, handlers, peers, runner, expressions, settings, clock, pki);
    }

    // ---- running

    /** Signs {@code object} (its history rebased to end just before the clock's reading) and runs a visit. */
    public EngineRun run(ObjectBuilder object) {
        return run(sign(object), VisitInput.NONE);
    }

    /** Verifies {@code object} and runs a visit. */
    public EngineRun run(ExecutableObject object) {
        return run(object, VisitInput.NONE);
    }

    /** Verifies {@code object} and runs a visit with {@code input} (signals, cancellation, unavailable peers). */
    EngineRun run(ExecutableObject object, VisitInput input) {
        Engine engine = engine();
        return new EngineRun(engine.run(engine.verify(object), input));
    }

    /** Runs the object as {@code previous} left it again (e.g. after {@code clock().advance(...)}). */
    public EngineRun resume(EngineRun previous) {
        return run(previous.object(), VisitInput.NONE);
    }

    /** Delivers the signal {@code name} from {@code fromDomain} to the object as {@code previous} left it. */
    public EngineRun signal(EngineRun previous, String name, String fromDomain) {
        return signal(previous, name, fromDomain, Map.of());
    }

    /** As {@link #signal(EngineRun, String, String)}, with a payload. */
    public EngineRun signal(EngineRun previous, String name, String fromDomain, Map<String, ?> payload) {
        SignalRecord signal = SignalRecord.newBuilder()
                .setName(name)
                .setFromDomain(fromDomain)
                .setPayload(Values.toStruct(payload))
                .setReceivedAt(Timestamps.toProto(clock.instant()))
                .build();
        return run(previous.object(), VisitInput.signal(signal));
    }

    /** Cancels the object as {@code previous} left it. */
    public EngineRun cancel(EngineRun previous, String reason) {
        return run(previous.object(), VisitInput.cancel(reason));
    }

    /** What this node would do next with {@code object}, and why (a dry run: nothing executed or appended). */
    public Explanation explain(ObjectBuilder object) {
        ExecutableObject signed = sign(object); // first: signing makes the CAs the engine must trust
        Engine engine = engine();
        return engine.explain(engine.verify(signed));
    }

    /** {@code object} signed as {@link #run(ObjectBuilder)} signs it. */
    public ExecutableObject sign(ObjectBuilder object) {
        return object.withCreatedAt(clock.instant().minusMillis(object.history().size() + 1L))
                .signed(pki);
    }

    /** The engine of this node, trusting every domain the PKI has a CA for so far. */
    public Engine engine() {
        var key = pki.key(node.nodeId(), node.trustDomain());
        List<io.mre.spi.PeerView> directory = peers.stream().map(PeerSpec::view).toList();
        PeerDirectory peerDirectory = () -> directory;
        List<Policy> run = runner == PolicyRunner.DIRECT
                ? policies
                : policies.stream().map(p -> (Policy) new RunBy(p, runner)).toList();
        Plugins plugins = Plugins.of(run, advisors, handlers);
        EngineSettings engineSettings = settings.apply(VerifierSettings.strict(pki.trustBundle()));
        io.mre.engine.ExpressionEvaluator evaluator = expressions == NO_EXPRESSIONS
                ? io.mre.engine.ExpressionEvaluator.NONE
                : new io.mre.engine.ExpressionEvaluator() {
                    @Override
                    public boolean holds(String expression, io.mre.spi.ObjectView object) {
                        return expressions.holds(expression, object, clock.instant());
                    }

                    @Override
                    public Object plugin() {
                        return expressions;
                    }
                };
        return new Engine(engineSettings, key, node.labels(), plugins, peerDirectory, evaluator, clock);
    }

    /** A policy run by a harness's own runner (its verdict already fails closed). */
    private record RunBy(Policy policy, PolicyRunner runner) implements Policy {
        @Override
        public String name() {
            return policy.name();
        }

        @Override
        public Verdict evaluate(Evaluation evaluation) {
            return runner.run(policy, evaluation);
        }
    }

    private static <T> List<T> append(List<T> list, T item) {
        List<T> out = new ArrayList<>(list);
        out.add(requireNonNull(item, "item is null"));
        return out;
    }
}
