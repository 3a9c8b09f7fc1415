package io.mre.engine.decide;

import static java.util.Objects.requireNonNull;

import io.mre.spi.Advice;
import io.mre.spi.Advisor;
import io.mre.spi.Evaluation;
import io.mre.spi.HandlerResult;
import io.mre.spi.Invocation;
import io.mre.spi.OperationHandler;
import io.mre.spi.Policy;
import io.mre.spi.StepView;
import io.mre.spi.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Every call the engine makes into a plugin, through one {@link PluginInvoker}, and the fail-closed rule of each
 * kind (docs/plugins.md, "Fail closed"): a policy that fails is a REJECT "policy error: …"; an advisor that fails
 * is recorded as failed advice; a handler that fails is a retryable HANDLER_ERROR of the step (TIMEOUT past its
 * limit); an expression that fails does not hold. A plugin that threw is also reported to {@link PluginFailures}
 * (the node logs it with the stack trace).
 */
public final class PluginCalls {
    private final PluginInvoker invoker;
    private final PluginFailures failures;

    public PluginCalls(PluginInvoker invoker, PluginFailures failures) {
        this.invoker = requireNonNull(invoker, "invoker is null");
        this.failures = requireNonNull(failures, "failures is null");
    }

    /** The verdict of {@code policy}; never throws, never lets a failure through. */
    public Verdict policy(Policy policy, Evaluation evaluation) {
        String name = nameOf(policy);
        return verdict(
                name,
                evaluation,
                invoker.invoke(
                        PluginFailures.Kind.POLICY, name, policy, Optional.empty(), () -> policy.evaluate(evaluation)));
    }

    /**
     * The verdicts of {@code policies} on one evaluation, in order, run in turn ({@link PluginInvoker#invokeInTurn}:
     * one hand-over for all of them); never throws, never lets a failure through. A policy not run because one
     * before it exceeded its time limit rejects too.
     */
    public List<Verdict> policies(List<Policy> policies, Evaluation evaluation) {
        List<String> names = new ArrayList<>(policies.size());
        List<PluginInvoker.Call<Verdict>> batch = new ArrayList<>(policies.size());
        for (Policy policy : policies) {
            String name = nameOf(policy);
            names.add(name);
            batch.add(new PluginInvoker.Call<>(name, policy, () -> policy.evaluate(evaluation)));
        }
        List<PluginInvoker.Outcome<Verdict>> outcomes = invoker.invokeInTurn(PluginFailures.Kind.POLICY, batch);
        List<Verdict> verdicts = new ArrayList<>(policies.size());
        for (int i = 0; i < policies.size(); i++) {
            verdicts.add(verdict(names.get(i), evaluation, outcomes.get(i)));
        }
        return verdicts;
    }

    private Verdict verdict(String name, Evaluation evaluation, PluginInvoker.Outcome<Verdict> outcome) {
        return switch (outcome) {
            case PluginInvoker.Outcome.Returned<Verdict> r ->
                r.value() != null ? r.value() : reject(name, "returned no verdict");
            case PluginInvoker.Outcome.Threw<Verdict> t -> {
                failures.failed(
                        PluginFailures.Kind.POLICY,
                        name,
                        evaluation.object().objectId(),
                        stepOf(evaluation),
                        t.error());
                yield reject(name, "failed: " + t.error());
            }
            case PluginInvoker.Outcome.TimedOut<Verdict> t -> reject(name, exceeded(t.limit()));
            case PluginInvoker.Outcome.NotRun<Verdict> n -> reject(name, n.reason());
        };
    }

    /** What an advisor said, or why it failed (its advice is then recorded as failed). */
    public sealed interface Advised {
        /** The advisor's advice (never null; may hold nulls, which the engine records as failed advice). */
        record Given(List<Advice> advice) implements Advised {}

        /** The advisor failed; {@code rationale} is recorded ("advisor failed: …"). */
        record Failed(String rationale) implements Advised {}
    }

    /** Asks {@code advisor}; never throws. */
    public Advised advise(Advisor advisor, Evaluation evaluation) {
        String name = nameOf(advisor);
        return switch (invoker.invoke(
                PluginFailures.Kind.ADVISOR, name, advisor, Optional.empty(), () -> advisor.advise(evaluation))) {
            case PluginInvoker.Outcome.Returned<List<Advice>> r ->
                new Advised.Given(r.value() == null ? List.of() : r.value());
            case PluginInvoker.Outcome.Threw<List<Advice>> t -> {
                failures.failed(
                        PluginFailures.Kind.ADVISOR,
                        name,
                        evaluation.object().objectId(),
                        stepOf(evaluation),
                        t.error());
                yield new Advised.Failed("advisor failed: " + t.error());
            }
            case PluginInvoker.Outcome.TimedOut<List<Advice>> t ->
                new Advised.Failed("advisor failed: " + exceeded(t.limit()));
            case PluginInvoker.Outcome.NotRun<List<Advice>> n -> new Advised.Failed("advisor failed: " + n.reason());
        };
    }

    /**
     * Runs {@code handler}; never throws. {@code timeout} is the step's own limit, if it has one. A null result,
     * an exception or a refused call is a retryable HANDLER_ERROR, a time-out a retryable TIMEOUT.
     */
    public HandlerResult handle(
            String operation, OperationHandler handler, Invocation invocation, Optional<Duration> timeout) {
        return switch (invoker.invoke(
                PluginFailures.Kind.HANDLER, operation, handler, timeout, () -> handler.handle(invocation))) {
            case PluginInvoker.Outcome.Returned<HandlerResult> r ->
                r.value() != null
                        ? r.value()
                        : HandlerResult.retryableFailure("HANDLER_ERROR", "handler returned no result");
            case PluginInvoker.Outcome.Threw<HandlerResult> t -> {
                failures.failed(
                        PluginFailures.Kind.HANDLER, operation, invocation.objectId(), invocation.stepId(), t.error());
                yield HandlerResult.retryableFailure("HANDLER_ERROR", "handler failed: " + t.error());
            }
            case PluginInvoker.Outcome.TimedOut<HandlerResult> t ->
                HandlerResult.retryableFailure(
                        "TIMEOUT", "operation " + operation + " took longer than its timeout of " + t.limit());
            case PluginInvoker.Outcome.NotRun<HandlerResult> n ->
                HandlerResult.retryableFailure("HANDLER_ERROR", "handler " + n.reason());
        };
    }

    /**
     * Whether a reentry expression holds; an evaluator that fails, is too slow or is not run counts as "does not
     * hold" (the object then waits for its other conditions).
     */
    public <V> boolean holds(
            Object evaluator, String name, BiPredicate<String, V> holds, String expression, V object, String objectId) {
        return switch (invoker.invoke(
                PluginFailures.Kind.EXPRESSION,
                name,
                evaluator,
                Optional.empty(),
                () -> holds.test(expression, object))) {
            case PluginInvoker.Outcome.Returned<Boolean> r -> Boolean.TRUE.equals(r.value());
            case PluginInvoker.Outcome.Threw<Boolean> t -> {
                failures.failed(PluginFailures.Kind.EXPRESSION, name, objectId, "", t.error());
                yield false;
            }
            case PluginInvoker.Outcome.TimedOut<Boolean> t -> false;
            case PluginInvoker.Outcome.NotRun<Boolean> n -> false;
        };
    }

    private static Verdict reject(String policy, String what) {
        return Verdict.reject("policy error: " + policy + " " + what);
    }

    private static String exceeded(Duration limit) {
        return "exceeded its time limit of " + limit.toMillis() + " ms";
    }

    private static String stepOf(Evaluation evaluation) {
        return evaluation.candidate().step().map(StepView::id).orElse("");
    }

    private static String nameOf(Policy policy) {
        try {
            return String.valueOf(policy.name());
        } catch (RuntimeException | LinkageError e) {
            return policy.getClass().getName();
        }
    }

    private static String nameOf(Advisor advisor) {
        try {
            return String.valueOf(advisor.name());
        } catch (RuntimeException | LinkageError e) {
            return advisor.getClass().getName();
        }
    }
}
