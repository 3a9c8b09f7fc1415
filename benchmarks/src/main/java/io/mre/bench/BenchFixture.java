package io.mre.bench;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.mre.crypto.CertificateAuthority;
import io.mre.crypto.SigningKey;
import io.mre.crypto.TrustBundle;
import io.mre.engine.Engine;
import io.mre.engine.EngineSettings;
import io.mre.engine.ExpressionEvaluator;
import io.mre.engine.PeerDirectory;
import io.mre.engine.Plugins;
import io.mre.engine.Visit;
import io.mre.engine.VisitInput;
import io.mre.engine.object.ObjectFactory;
import io.mre.engine.verify.VerifiedObject;
import io.mre.engine.verify.Verifier;
import io.mre.engine.verify.VerifierSettings;
import io.mre.proto.v1.Context;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.FailureMode;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.Origin;
import io.mre.proto.v1.RetryPolicy;
import io.mre.proto.v1.Step;
import io.mre.spi.HandlerResult;
import io.mre.spi.Invocation;
import io.mre.spi.Lifecycle;
import io.mre.spi.OperationHandler;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every benchmark shares: one trust domain with its CA, one node key, a trust bundle, and objects with a
 * given history built by running the real engine (so every entry is one the engine itself signs and chains).
 */
final class BenchFixture {
    static final String DOMAIN = "bench";
    static final String NODE = "node-a";
    static final String OPERATION = "noop";
    /** Largest plan {@code IntentValidator} accepts. */
    static final int MAX_PLAN_STEPS = 1_000;

    final SigningKey key;
    final TrustBundle trust;
    final VerifierSettings verifierSettings;
    final Verifier verifier;

    BenchFixture() {
        CertificateAuthority ca = CertificateAuthority.create(DOMAIN, Duration.ofDays(30));
        this.key = ca.issueNode(NODE, Duration.ofDays(30));
        this.trust = TrustBundle.of(Map.of(DOMAIN, List.of(ca.certificateDer())));
        this.verifierSettings = VerifierSettings.strict(trust);
        this.verifier = new Verifier(verifierSettings);
    }

    /** An engine of node {@link #NODE} that runs at most {@code maxCyclesPerVisit} cycles, no policy, no advisor. */
    Engine engine(int maxCyclesPerVisit, OperationHandler handler) {
        EngineSettings settings = new EngineSettings(verifierSettings, maxCyclesPerVisit, 16, Duration.ofSeconds(30));
        return new Engine(
                settings,
                key,
                Map.of(),
                Plugins.of(List.of(), List.of(), List.of(handler)),
                PeerDirectory.NONE,
                ExpressionEvaluator.NONE,
                InstantSource.system());
    }

    /** A plan of {@code steps} steps, each {@link #OPERATION} with one small parameter and up to 2 attempts. */
    static Intent intent(int steps) {
        Intent.Builder b = Intent.newBuilder()
                .setName("bench-order")
                .setVersion("1")
                .setInput(struct(
                        "order", Value.newBuilder().setStringValue("A-1042").build()))
                .setOnFailure(FailureMode.FAILURE_MODE_TERMINATE);
        for (int i = 0; i < steps; i++) {
            b.addSteps(Step.newBuilder()
                    .setId(String.format("s%04d", i))
                    .setOperation(OPERATION)
                    .setParams(struct("i", Value.newBuilder().setNumberValue(i).build()))
                    .setRetry(RetryPolicy.newBuilder().setMaxAttempts(2)));
        }
        return b.build();
    }

    static Context context() {
        return Context.newBuilder()
                .setTenant("acme")
                .setOwnerDomain(DOMAIN)
                .setDataClassification("internal")
                .putLabels("env", "bench")
                .build();
    }

    /** A new object (author-signed header, empty memory) with a plan of {@code planSteps} steps. */
    ExecutableObject newObject(int planSteps) {
        return ObjectFactory.create(
                intent(planSteps),
                context(),
                Origin.newBuilder().setAuthor(NODE).setTrustDomain(DOMAIN).build(),
                Optional.of(key),
                InstantSource.system());
    }

    /**
     * An object with exactly {@code entries} signed EXECUTE entries and at least {@code stepsLeft} steps still to
     * run, verified from scratch. When the plan is too short for that, the first attempts of the first steps
     * fail once (retryable, no backoff), each adding one entry without completing a step.
     */
    VerifiedObject withHistory(int planSteps, int entries, int stepsLeft) {
        int failures = Math.max(0, entries + stepsLeft - planSteps);
        if (failures > planSteps || entries - failures < 0) {
            throw new IllegalArgumentException("a plan of " + planSteps + " steps cannot hold " + entries
                    + " entries with " + stepsLeft + " steps left");
        }
        VerifiedObject verified = verifier.verify(newObject(planSteps));
        if (entries > 0) {
            Visit visit = engine(entries, new NoopHandler(failures)).run(verified, VisitInput.NONE);
            if (visit.exit() != Visit.Exit.BUDGET_SPENT) {
                throw new IllegalStateException("pre-run ended early: " + visit.exit());
            }
            verified = verifier.verify(visit.object().object());
        }
        if (verified.entries().size() != entries) {
            throw new IllegalStateException("expected " + entries + " entries, got "
                    + verified.entries().size());
        }
        return verified;
    }

    /** Checks that one more cycle on {@code verified} executes a step successfully (what a cycle bench measures). */
    static void requireRunnable(Engine engine, VerifiedObject verified) {
        Visit v = engine.run(verified, VisitInput.NONE);
        if (v.appended().size() != 1
                || v.state().lifecycle() != Lifecycle.ACTIVE
                || v.state().entries() != verified.entries().size() + 1
                || v.object().entries().getLast().getOutcome().hasError()) {
            throw new IllegalStateException("a cycle did not execute a step: " + v.exit() + ", " + v.state());
        }
    }

    static Struct struct(String key, Value value) {
        return Struct.newBuilder().putFields(key, value).build();
    }

    /** A handler that does nothing and returns a small output; it can fail the first attempt of a few steps. */
    static final class NoopHandler implements OperationHandler {
        private static final HandlerResult OK = HandlerResult.success(Map.of("ok", true));
        private int failuresLeft;

        NoopHandler(int failures) {
            this.failuresLeft = failures;
        }

        NoopHandler() {
            this(0);
        }

        @Override
        public String operation() {
            return OPERATION;
        }

        @Override
        public HandlerResult handle(Invocation invocation) {
            if (failuresLeft > 0 && invocation.attempt() == 1) {
                failuresLeft--;
                return HandlerResult.retryableFailure("INJECTED", "first attempt fails (bench set-up)");
            }
            return OK;
        }
    }
}
