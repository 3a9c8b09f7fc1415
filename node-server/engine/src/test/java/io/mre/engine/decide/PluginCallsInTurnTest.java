package io.mre.engine.decide;

import static org.assertj.core.api.Assertions.assertThat;

import io.mre.engine.fixtures.Policies;
import io.mre.spi.CandidateAction;
import io.mre.spi.ContextView;
import io.mre.spi.Evaluation;
import io.mre.spi.IntentView;
import io.mre.spi.Lifecycle;
import io.mre.spi.NodeFacts;
import io.mre.spi.ObjectView;
import io.mre.spi.Policy;
import io.mre.spi.StateView;
import io.mre.spi.StepView;
import io.mre.spi.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A decision's policies run in turn ({@link PluginInvoker#invokeInTurn}): each outcome maps to its verdict as a
 * single call's would, and once one policy is past its time limit the policies after it are not run and reject.
 */
class PluginCallsInTurnTest {
    private static final Duration LIMIT = Duration.ofMillis(500);

    /** Runs calls on the calling thread; the plugin named "slow" is past its limit without being run. */
    private final PluginInvoker slowIsPastItsLimit = new PluginInvoker() {
        @Override
        public <T> Outcome<T> invoke(
                PluginFailures.Kind kind, String name, Object plugin, Optional<Duration> limit, Callable<T> body) {
            if (name.equals("slow")) {
                return new Outcome.TimedOut<>(LIMIT);
            }
            return PluginInvoker.DIRECT.invoke(kind, name, plugin, limit, body);
        }
    };

    @Test
    void policies_giveEachPolicysVerdictInOrder() {
        PluginCalls calls = new PluginCalls(PluginInvoker.DIRECT, PluginFailures.NONE);

        List<Verdict> verdicts = calls.policies(
                List.of(
                        Policies.of("permit", e -> Verdict.permit("fine")),
                        Policies.of("reject", e -> Verdict.reject("forbidden")),
                        Policies.of("throws", e -> {
                            throw new IllegalStateException("rules table empty");
                        }),
                        Policies.of("null", e -> null)),
                evaluation());

        assertThat(verdicts)
                .containsExactly(
                        Verdict.permit("fine"),
                        Verdict.reject("forbidden"),
                        Verdict.reject(
                                "policy error: throws failed: java.lang.IllegalStateException: rules table empty"),
                        Verdict.reject("policy error: null returned no verdict"));
    }

    @Test
    void policies_afterOnePastItsLimit_theRestAreNotRunAndReject() {
        AtomicInteger laterRan = new AtomicInteger();
        PluginCalls calls = new PluginCalls(slowIsPastItsLimit, PluginFailures.NONE);

        List<Verdict> verdicts = calls.policies(
                List.of(
                        Policies.of("quick", e -> Verdict.permit("fine")),
                        Policies.of("slow", e -> Verdict.permit("too late")),
                        Policies.of("later", e -> {
                            laterRan.incrementAndGet();
                            return Verdict.permit("");
                        })),
                evaluation());

        assertThat(verdicts)
                .containsExactly(
                        Verdict.permit("fine"),
                        Verdict.reject("policy error: slow exceeded its time limit of 500 ms"),
                        Verdict.reject("policy error: later not run: 'slow' before it exceeded its time limit"));
        assertThat(laterRan).hasValue(0);
    }

    @Test
    void policies_noPolicy_noCall() {
        AtomicInteger invoked = new AtomicInteger();
        PluginInvoker counting = new PluginInvoker() {
            @Override
            public <T> Outcome<T> invoke(
                    PluginFailures.Kind kind, String name, Object plugin, Optional<Duration> limit, Callable<T> body) {
                invoked.incrementAndGet();
                return PluginInvoker.DIRECT.invoke(kind, name, plugin, limit, body);
            }
        };

        assertThat(new PluginCalls(counting, PluginFailures.NONE).policies(List.<Policy>of(), evaluation()))
                .isEmpty();
        assertThat(invoked).hasValue(0);
    }

    /** A fresh one-step object, executing its step. */
    private static Evaluation evaluation() {
        StepView step = StepView.of("s1", "work", Map.of());
        ObjectView object = new ObjectView(
                "obj-1",
                "test.example",
                new IntentView("test", "1", Map.of(), List.of(step)),
                new ContextView(
                        "tenant", "test.example", "", List.of(), List.of(), Optional.empty(), 0, 0, 0, Map.of()),
                new StateView(
                        Lifecycle.ACTIVE,
                        Optional.of("s1"),
                        Map.of(),
                        Set.of(),
                        Map.of(),
                        0,
                        0,
                        List.of(),
                        false,
                        List.of()),
                List.of());
        return new Evaluation(
                object,
                new CandidateAction.Execute(step, 1),
                new NodeFacts("n1", "test.example", Map.of(), Set.of("work")),
                Instant.parse("2026-01-05T10:00:00Z"));
    }
}
