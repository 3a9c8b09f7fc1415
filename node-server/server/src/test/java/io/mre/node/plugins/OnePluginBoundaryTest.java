package io.mre.node.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.mre.engine.decide.PluginCalls;
import io.mre.engine.decide.PluginFailures;
import io.mre.spi.Advice;
import io.mre.spi.Advisor;
import io.mre.spi.ContextView;
import io.mre.spi.Evaluation;
import io.mre.spi.ExpressionEvaluator;
import io.mre.spi.HandlerResult;
import io.mre.spi.Invocation;
import io.mre.spi.OperationHandler;
import io.mre.spi.Policy;
import io.mre.spi.Verdict;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One plugin boundary: policies, advisors, operation handlers and reentry expression evaluators all run through the
 * node's one invoker, so each kind gets the same thread kind, time limit, overrun cap and context class loader,
 * and each fails closed its own documented way (docs/plugins.md, "Fail closed"). Every plugin here is a proxy
 * defined by a class loader of its own, as a plugin jar's classes are, so the context class loader is observable.
 */
@Timeout(120)
class OnePluginBoundaryTest {
    private static final Duration GENEROUS = Duration.ofSeconds(30);

    private final Evaluation evaluation = Evaluations.executingOneStep();
    private final Invocation invocation = new Invocation(
            "obj-1",
            "s1",
            1,
            "key",
            false,
            Map.of(),
            Map.of(),
            Map.of(),
            new ContextView("tenant", "test.example", "", List.of(), List.of(), Optional.empty(), 0, 0, 0, Map.of()));
    private final ClassLoader pluginLoader =
            new URLClassLoader("test-plugin", new URL[0], getClass().getClassLoader());
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch started = new CountDownLatch(1);
    private final List<String> reported = Collections.synchronizedList(new ArrayList<>());
    private final PluginFailures failures = (kind, plugin, objectId, stepId, error) ->
            reported.add(kind + " " + plugin + " " + objectId + " '" + stepId + "' " + error.getMessage());

    /** The limit passes once the stuck plugin has started; after the release, answers are awaited generously. */
    private final TimeLimitedPluginInvoker.Deadline limitPassesOnceStarted = new TimeLimitedPluginInvoker.Deadline() {
        @Override
        public <T> T await(Future<T> result, Duration limit)
                throws TimeoutException, ExecutionException, InterruptedException {
            if (release.getCount() == 0) {
                return result.get(30, TimeUnit.SECONDS);
            }
            started.await();
            throw new TimeoutException();
        }
    };

    @AfterEach
    void releaseStuckPlugins() {
        release.countDown();
    }

    /** What a plugin call saw of the thread it ran on. */
    private record Seen(ClassLoader contextLoader, boolean virtual, boolean daemon, String thread) {
        static Seen now() {
            Thread t = Thread.currentThread();
            return new Seen(t.getContextClassLoader(), t.isVirtual(), t.isDaemon(), t.getName());
        }
    }

    // ---- the same thread kind and context class loader for every kind

    @Test
    void everyKind_runsOnTheInvokersPlatformThreadUnderItsPluginsClassLoader() throws Exception {
        List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
        try (TimeLimitedPluginInvoker invoker =
                new TimeLimitedPluginInvoker(PluginLimits.DEFAULTS.withCallLimit(GENEROUS))) {
            PluginCalls calls = new PluginCalls(invoker, failures);
            // The visit's own thread is virtual (a gRPC call, a timer): the plugin must still get a platform one.
            Thread.ofVirtual()
                    .start(() -> {
                        calls.policy(
                                policy(() -> {
                                    seen.add(Seen.now());
                                    return Verdict.permit("");
                                }),
                                evaluation);
                        calls.advise(
                                advisor(() -> {
                                    seen.add(Seen.now());
                                    return List.of();
                                }),
                                evaluation);
                        calls.handle(
                                "work",
                                handler(() -> {
                                    seen.add(Seen.now());
                                    return HandlerResult.success(Map.of());
                                }),
                                invocation,
                                Optional.empty());
                        ExpressionEvaluator evaluator = evaluator(() -> {
                            seen.add(Seen.now());
                            return true;
                        });
                        calls.holds(
                                evaluator,
                                "x",
                                (String e, Evaluation v) -> evaluator.holds(e, v.object(), v.now()),
                                "true",
                                evaluation,
                                "obj-1");
                    })
                    .join();
        }

        assertThat(seen).hasSize(4).allSatisfy(s -> {
            assertThat(s.contextLoader()).as("context class loader").isSameAs(pluginLoader);
            assertThat(s.virtual()).as("virtual thread").isFalse();
            assertThat(s.daemon()).as("daemon thread").isTrue();
            assertThat(s.thread()).startsWith("mre-plugin-");
        });
    }

    // ---- the same time limit, each kind failing closed its own way

    @Test
    @Timeout(30) // without a limit the stuck plugins would hold this test until they are released
    void everyKindPastTheLimit_failsClosed() {
        try (TimeLimitedPluginInvoker invoker = stuckInvoker(32)) {
            PluginCalls calls = new PluginCalls(invoker, failures);

            assertThat(calls.advise(advisor(() -> stuck(List.of())), evaluation))
                    .isEqualTo(new PluginCalls.Advised.Failed("advisor failed: exceeded its time limit of 500 ms"));
            assertThat(calls.handle(
                            "work",
                            handler(() -> stuck(HandlerResult.success(Map.of()))),
                            invocation,
                            Optional.empty()))
                    .isEqualTo(HandlerResult.retryableFailure(
                            "TIMEOUT", "operation work took longer than its timeout of PT5M"));
            assertThat(holds(calls, evaluator(() -> stuck(true))))
                    .as("a slow expression does not hold")
                    .isFalse();
            assertThat(calls.policy(policy(() -> stuck(Verdict.permit(""))), evaluation))
                    .isEqualTo(Verdict.reject("policy error: p exceeded its time limit of 500 ms"));
            assertThat(reported)
                    .as("a time-out is logged by the invoker, not reported as a throw")
                    .isEmpty();
        }
    }

    @Test
    void handler_withAStepTimeout_runsUnderThatLimit() {
        List<Duration> limits = Collections.synchronizedList(new ArrayList<>());
        TimeLimitedPluginInvoker.Deadline recording = new TimeLimitedPluginInvoker.Deadline() {
            @Override
            public <T> T await(Future<T> result, Duration limit)
                    throws TimeoutException, ExecutionException, InterruptedException {
                limits.add(limit);
                return result.get(30, TimeUnit.SECONDS);
            }
        };
        try (TimeLimitedPluginInvoker invoker = new TimeLimitedPluginInvoker(PluginLimits.DEFAULTS, recording)) {
            PluginCalls calls = new PluginCalls(invoker, failures);
            OperationHandler ok = handler(() -> HandlerResult.success(Map.of()));
            calls.handle("work", ok, invocation, Optional.of(Duration.ofSeconds(7)));
            calls.handle("work", ok, invocation, Optional.empty());
            calls.policy(policy(() -> Verdict.permit("")), evaluation);
        }

        assertThat(limits)
                .containsExactly(
                        Duration.ofSeconds(7), PluginLimits.DEFAULT_HANDLER_LIMIT, PluginLimits.DEFAULT_CALL_LIMIT);
    }

    // ---- one overrun cap shared by every kind

    @Test
    void aStuckHandler_countsAgainstTheCapOfEveryKind() throws Exception {
        try (TimeLimitedPluginInvoker invoker = stuckInvoker(1)) {
            PluginCalls calls = new PluginCalls(invoker, failures);
            List<String> ran = Collections.synchronizedList(new ArrayList<>());
            calls.handle(
                    "stuck",
                    handler(() -> stuckUninterruptibly(HandlerResult.success(Map.of()))),
                    invocation,
                    Optional.empty());

            assertThat(calls.policy(policy(() -> ran.add("policy") ? Verdict.permit("") : null), evaluation))
                    .isEqualTo(Verdict.reject(
                            "policy error: p not run: 1 plugin calls are still running past their time limit"));
            assertThat(calls.advise(advisor(() -> ran.add("advisor") ? List.of() : null), evaluation))
                    .isEqualTo(new PluginCalls.Advised.Failed(
                            "advisor failed: not run: 1 plugin calls are still running past their time limit"));
            assertThat(calls.handle(
                            "work",
                            handler(() -> ran.add("handler") ? HandlerResult.success(Map.of()) : null),
                            invocation,
                            Optional.empty()))
                    .isEqualTo(HandlerResult.retryableFailure(
                            "HANDLER_ERROR",
                            "handler not run: 1 plugin calls are still running past their time limit"));
            assertThat(holds(calls, evaluator(() -> ran.add("expression")))).isFalse();
            assertThat(ran).as("nothing was started").isEmpty();

            release.countDown();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> invoker.overrunning() == 0);
            assertThat(holds(calls, evaluator(() -> ran.add("expression")))).isTrue();
        }
    }

    // ---- fail closed when a plugin throws, and the failure is reported (logged by PluginFailureLog)

    @Test
    void advisorHandlerAndEvaluatorThatThrow_failClosedAndAreReported() {
        try (TimeLimitedPluginInvoker invoker =
                new TimeLimitedPluginInvoker(PluginLimits.DEFAULTS.withCallLimit(GENEROUS))) {
            PluginCalls calls = new PluginCalls(invoker, failures);

            assertThat(calls.advise(
                            advisor(() -> {
                                throw new IllegalStateException("advisor down");
                            }),
                            evaluation))
                    .isEqualTo(new PluginCalls.Advised.Failed(
                            "advisor failed: java.lang.IllegalStateException: advisor down"));
            assertThat(calls.handle(
                            "work",
                            handler(() -> {
                                throw new IllegalStateException("bank down");
                            }),
                            invocation,
                            Optional.empty()))
                    .isEqualTo(HandlerResult.retryableFailure(
                            "HANDLER_ERROR", "handler failed: java.lang.IllegalStateException: bank down"));
            assertThat(calls.handle("work", handler(() -> null), invocation, Optional.empty()))
                    .isEqualTo(HandlerResult.retryableFailure("HANDLER_ERROR", "handler returned no result"));
            assertThat(holds(calls, evaluator(() -> {
                        throw new IllegalStateException("no such field");
                    })))
                    .isFalse();
        }

        assertThat(reported)
                .containsExactly(
                        "ADVISOR a obj-1 's1' advisor down",
                        "HANDLER work obj-1 's1' bank down",
                        "EXPRESSION x obj-1 '' no such field");
    }

    // ---- helpers

    private TimeLimitedPluginInvoker stuckInvoker(int maxOverrunning) {
        return new TimeLimitedPluginInvoker(
                PluginLimits.DEFAULTS.withMaxOverrunning(maxOverrunning), limitPassesOnceStarted);
    }

    private <T> T stuck(T answer) {
        started.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return answer;
    }

    private <T> T stuckUninterruptibly(T answer) {
        started.countDown();
        while (true) {
            try {
                release.await();
                return answer;
            } catch (InterruptedException e) {
                // ignores the interrupt: its thread stays busy past the limit
            }
        }
    }

    private boolean holds(PluginCalls calls, ExpressionEvaluator evaluator) {
        return calls.holds(
                evaluator,
                "x",
                (String e, Evaluation v) -> evaluator.holds(e, v.object(), v.now()),
                "true",
                evaluation,
                "obj-1");
    }

    private Policy policy(Supplier<Verdict> answer) {
        return proxy(Policy.class, "p", answer);
    }

    private Advisor advisor(Supplier<List<Advice>> answer) {
        return proxy(Advisor.class, "a", answer);
    }

    private OperationHandler handler(Supplier<HandlerResult> answer) {
        return proxy(OperationHandler.class, "work", answer);
    }

    private ExpressionEvaluator evaluator(Supplier<Boolean> answer) {
        return proxy(ExpressionEvaluator.class, "x", answer);
    }

    /** A plugin of {@code type} whose class is defined by {@link #pluginLoader}, answering every call so. */
    private <T> T proxy(Class<T> type, String name, Supplier<?> answer) {
        return type.cast(Proxy.newProxyInstance(
                pluginLoader, new Class<?>[] {type}, (self, method, args) -> switch (method.getName()) {
                    case "name", "operation", "language" -> name;
                    case "toString" -> name;
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> answer.get();
                }));
    }
}
