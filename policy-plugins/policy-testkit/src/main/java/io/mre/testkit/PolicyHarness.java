package io.mre.testkit;

import static java.util.Objects.requireNonNull;

import io.mre.engine.decide.Authority;
import io.mre.engine.decide.PluginCalls;
import io.mre.engine.decide.PluginFailures;
import io.mre.engine.decide.PluginInvoker;
import io.mre.spi.Advice;
import io.mre.spi.Advisor;
import io.mre.spi.Evaluation;
import io.mre.spi.HandlerResult;
import io.mre.spi.Invocation;
import io.mre.spi.ObjectView;
import io.mre.spi.OperationHandler;
import io.mre.spi.Policy;
import io.mre.spi.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs a policy, an advisor or an operation handler as the engine would, without a node: it builds the
 * {@link Evaluation} (or {@link Invocation}) the engine builds and applies the engine's failure rules — a policy that
 * throws or returns nothing yields REJECT "policy error: ..." (the engine's own fail-closed rules, see
 * {@link PolicyRunner}), several policies are combined by the engine's own rules, a failing advisor is recorded as
 * failed, a failing handler as a retryable {@code HANDLER_ERROR}. Immutable.
 *
 * <pre>{@code
 * PolicyHarness harness = PolicyHarness.forNode(node("n1", "insurer.example").withLabel("region", "eu-west"));
 * ObjectBuilder claim = intent("claim.settle").step("pay", "payment.transfer", withParam("amount", 12_000));
 *
 * assertThatVerdict(harness.evaluate(new NoLargePayments(), claim, executing("pay")))
 *         .isReject().hasReasonContaining("10000");
 * assertThatJudgement(harness.judge(List.of(hours, approvals), claim, executing("pay")))
 *         .isDeferredUntilSignal("approved");
 * }</pre>
 *
 * @param node the evaluating node
 * @param now the node's clock reading
 * @param runner how each policy is run ({@link PolicyRunner#withTimeLimit} adds the node's time limit)
 */
public record PolicyHarness(NodeSpec node, Instant now, PolicyRunner runner) {
    /** Advisors and handlers run as the engine runs them, on the calling thread. */
    private static final PluginCalls DIRECT_CALLS = new PluginCalls(PluginInvoker.DIRECT, PluginFailures.NONE);

    public PolicyHarness {
        requireNonNull(node, "node is null");
        requireNonNull(now, "now is null");
        requireNonNull(runner, "runner is null");
    }

    /** Node {@code n1} of {@code test.example} at {@link TestClock#MONDAY_10AM}, policies run directly. */
    public static PolicyHarness defaults() {
        return forNode(TestNodes.node("n1", "test.example"));
    }

    /** {@code node} at {@link TestClock#MONDAY_10AM}, policies run directly (as {@link PolicyRunner#DIRECT}). */
    public static PolicyHarness forNode(NodeSpec node) {
        return new PolicyHarness(node, TestClock.MONDAY_10AM, PolicyRunner.DIRECT);
    }

    public PolicyHarness withNode(NodeSpec node) {
        return new PolicyHarness(node, now, runner);
    }

    public PolicyHarness withNow(Instant now) {
        return new PolicyHarness(node, now, runner);
    }

    /** Runs policies with {@code runner} instead, e.g. the node's runner with its time limit. */
    public PolicyHarness withRunner(PolicyRunner runner) {
        return new PolicyHarness(node, now, runner);
    }

    // ---- evaluations

    /** The evaluation the engine would build for {@code candidate} on {@code object}. */
    public Evaluation evaluation(ObjectBuilder object, Candidate candidate) {
        return evaluation(object.view(), candidate);
    }

    /** The evaluation the engine would build for {@code candidate} on {@code object}. */
    public Evaluation evaluation(ObjectView object, Candidate candidate) {
        return new Evaluation(object, candidate.resolve(object), node.facts(), now);
    }

    /**
     * The evaluation the engine builds to explain what it would do ({@code Evaluate}, a dry run): the same, with
     * {@link Evaluation#dryRun()} set.
     */
    public Evaluation dryRunEvaluation(ObjectBuilder object, Candidate candidate) {
        ObjectView view = object.view();
        return new Evaluation(view, candidate.resolve(view), node.facts(), now, true);
    }

    // ---- policies

    /** {@code policy}'s verdict on {@code candidate}, failing closed as the engine does. */
    public Verdict evaluate(Policy policy, ObjectBuilder object, Candidate candidate) {
        return evaluate(policy, evaluation(object, candidate));
    }

    /** {@code policy}'s verdict on {@code candidate}, failing closed as the engine does. */
    public Verdict evaluate(Policy policy, ObjectView object, Candidate candidate) {
        return evaluate(policy, evaluation(object, candidate));
    }

    /** {@code policy}'s verdict on {@code evaluation}, failing closed as the engine does. */
    public Verdict evaluate(Policy policy, Evaluation evaluation) {
        return runner.run(requireNonNull(policy, "policy is null"), evaluation);
    }

    /** The combined judgement of {@code policies}, exactly as the engine records it in the entry. */
    public Judgement judge(List<? extends Policy> policies, ObjectBuilder object, Candidate candidate) {
        return judge(policies, evaluation(object, candidate));
    }

    /** The combined judgement of {@code policies} on {@code evaluation}. */
    public Judgement judge(List<? extends Policy> policies, Evaluation evaluation) {
        // Every policy runs through this harness's runner, as the engine's invoker runs it on a node.
        PluginInvoker viaRunner = new PluginInvoker() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> Outcome<T> invoke(
                    PluginFailures.Kind kind,
                    String name,
                    Object plugin,
                    Optional<java.time.Duration> limit,
                    java.util.concurrent.Callable<T> body) {
                return new Outcome.Returned<>((T) runner.run((Policy) plugin, evaluation));
            }
        };
        return Judgement.of(new Authority(List.copyOf(policies), new PluginCalls(viaRunner, PluginFailures.NONE))
                .judge(evaluation));
    }

    // ---- advisors

    /** What {@code advisor} says about {@code candidate}, or how it failed. */
    public Advised advise(Advisor advisor, ObjectBuilder object, Candidate candidate) {
        return advise(advisor, evaluation(object, candidate));
    }

    /**
     * What {@code advisor} says about {@code evaluation}: as in the engine, a thrown exception (or linkage error)
     * makes it a failed advisor and no advice is a null list.
     *
     * @throws IllegalStateException when the list holds a null, which would break the engine's cycle
     */
    public Advised advise(Advisor advisor, Evaluation evaluation) {
        List<Advice> given;
        switch (DIRECT_CALLS.advise(advisor, evaluation)) {
            case PluginCalls.Advised.Given g -> given = g.advice();
            case PluginCalls.Advised.Failed f -> {
                return new Advised(advisor.name(), List.of(), Optional.of(f.rationale()));
            }
        }
        if (given.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalStateException("advisor '" + advisor.name() + "' returned a null advice: " + given);
        }
        return new Advised(advisor.name(), given, Optional.empty());
    }

    // ---- operation handlers

    /** The invocation the engine would hand a handler for the next attempt of {@code stepId}. */
    public Invocation invocation(ObjectBuilder object, String stepId) {
        return Invocations.of(object, stepId, false);
    }

    /** The invocation the engine would hand a handler to compensate {@code stepId}. */
    public Invocation compensationInvocation(ObjectBuilder object, String stepId) {
        return Invocations.of(object, stepId, true);
    }

    /** Runs {@code handler} for the next attempt of {@code stepId}; never null, never throws. */
    public HandlerResult invoke(OperationHandler handler, ObjectBuilder object, String stepId) {
        return invoke(handler, invocation(object, stepId));
    }

    /** Runs {@code handler} to compensate {@code stepId}; never null, never throws. */
    public HandlerResult invokeCompensation(OperationHandler handler, ObjectBuilder object, String stepId) {
        return invoke(handler, compensationInvocation(object, stepId));
    }

    /**
     * Runs {@code handler} on {@code invocation} as the engine does: an exception (or linkage error, or stack
     * overflow) or a null result becomes a retryable {@code HANDLER_ERROR} failure.
     */
    public HandlerResult invoke(OperationHandler handler, Invocation invocation) {
        requireNonNull(handler, "handler is null");
        return DIRECT_CALLS.handle(handler.operation(), handler, invocation, Optional.empty());
    }
}
