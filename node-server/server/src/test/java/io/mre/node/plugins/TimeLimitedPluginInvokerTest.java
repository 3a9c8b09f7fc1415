package io.mre.node.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mre.spi.Evaluation;
import io.mre.spi.Policy;
import io.mre.spi.Verdict;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The node's plugin invoker, seen through policies: a policy that throws, returns nothing or runs past its limit
 * yields REJECT "policy error: …", and a policy stuck past its limit cannot starve the node. No wall-clock bet: a
 * limit passes when the test says so ({@link #limitPassesOnceStarted}), after the stuck policy has started, however
 * slowly the machine schedules its thread; answering policies get a generous wall-clock limit. (Advisors, handlers
 * and expression evaluators under the same rules: {@link OnePluginBoundaryTest}.)
 */
@org.junit.jupiter.api.Timeout(120)
class TimeLimitedPluginInvokerTest {
    private static final Duration GENEROUS = Duration.ofSeconds(30);
    private static final Duration LIMIT = Duration.ofMillis(500);

    private final Evaluation evaluation = Evaluations.executingOneStep();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch started = new CountDownLatch(1);

    /**
     * The limit passes as soon as the stuck policy has started (it would never answer by itself); once the stuck
     * policies are released, answers are awaited generously.
     */
    private final TimeLimitedPluginInvoker.Deadline limitPassesOnceStarted = new TimeLimitedPluginInvoker.Deadline() {
        @Override
        public <T> T await(java.util.concurrent.Future<T> result, Duration limit)
                throws java.util.concurrent.TimeoutException, java.util.concurrent.ExecutionException,
                        InterruptedException {
            if (release.getCount() == 0) {
                return result.get(30, TimeUnit.SECONDS);
            }
            started.await();
            throw new java.util.concurrent.TimeoutException();
        }
    };

    /** Policies run as the engine runs them: through the invoker, failing closed. */
    private record Runner(TimeLimitedPluginInvoker invoker) implements AutoCloseable {
        Verdict run(Policy policy, Evaluation evaluation) {
            return new io.mre.engine.decide.PluginCalls(invoker, io.mre.engine.decide.PluginFailures.NONE)
                    .policy(policy, evaluation);
        }

        /** A decision's policies, as the engine's Authority runs them: in turn, one hand-over. */
        List<Verdict> runInTurn(List<Policy> policies, Evaluation evaluation) {
            return new io.mre.engine.decide.PluginCalls(invoker, io.mre.engine.decide.PluginFailures.NONE)
                    .policies(policies, evaluation);
        }

        int overrunning() {
            return invoker.overrunning();
        }

        @Override
        public void close() {
            invoker.close();
        }
    }

    private static Runner generousRunner() {
        return new Runner(new TimeLimitedPluginInvoker(PluginLimits.DEFAULTS.withCallLimit(GENEROUS)));
    }

    private Runner stuckRunner(int maxOverrunning) {
        return new Runner(new TimeLimitedPluginInvoker(
                PluginLimits.DEFAULTS.withCallLimit(LIMIT).withMaxOverrunning(maxOverrunning), limitPassesOnceStarted));
    }

    @AfterEach
    void releaseStuckPolicies() {
        release.countDown();
    }

    @Test
    void run_answeringPolicy_givesItsVerdict() {
        try (Runner runner = generousRunner()) {
            assertThat(runner.run(policy("ok", e -> Verdict.permit("fine")), evaluation))
                    .isEqualTo(Verdict.permit("fine"));
        }
    }

    @Test
    void run_policyThatThrows_rejectsWithPolicyError() {
        try (Runner runner = generousRunner()) {
            Verdict v = runner.run(
                    policy("boom", e -> {
                        throw new IllegalStateException("rules table empty");
                    }),
                    evaluation);

            assertThat(v)
                    .isEqualTo(Verdict.reject(
                            "policy error: boom failed: java.lang.IllegalStateException: rules table empty"));
        }
    }

    @Test
    void run_policyThatThrowsAnError_rejectsWithPolicyError() {
        try (Runner runner = generousRunner()) {
            Verdict v = runner.run(
                    policy("linkage", e -> {
                        throw new NoClassDefFoundError("com/example/Missing");
                    }),
                    evaluation);

            assertThat(v).isInstanceOf(Verdict.Reject.class);
            assertThat(v.reason()).startsWith("policy error: linkage failed: java.lang.NoClassDefFoundError");
        }
    }

    @Test
    void run_policyReturningNull_rejects() {
        try (Runner runner = generousRunner()) {
            assertThat(runner.run(policy("silent", e -> null), evaluation))
                    .isEqualTo(Verdict.reject("policy error: silent returned no verdict"));
        }
    }

    @Test
    void run_policyPastItsLimit_rejectsWithTheLimit() {
        try (Runner runner = stuckRunner(32)) {
            Verdict v = runner.run(
                    policy("slow", e -> {
                        started.countDown();
                        awaitUninterruptibly(release);
                        return Verdict.permit("too late");
                    }),
                    evaluation);

            assertThat(v).isEqualTo(Verdict.reject("policy error: slow exceeded its time limit of 500 ms"));
        }
    }

    @Test
    void run_policyPastItsLimit_isInterrupted() throws Exception {
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        try (Runner runner = stuckRunner(32)) {
            runner.run(
                    policy("sleepy", e -> {
                        started.countDown();
                        try {
                            release.await();
                            interrupted.complete(false);
                        } catch (InterruptedException x) {
                            interrupted.complete(true);
                        }
                        return Verdict.permit("");
                    }),
                    evaluation);

            assertThat(interrupted.get(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void run_whileTooManyPoliciesOverrun_rejectsWithoutStartingMore() throws Exception {
        AtomicInteger counted = new AtomicInteger();
        Policy counting = counting(counted);
        try (Runner runner = stuckRunner(1)) {
            runner.run(stuckIgnoringInterrupts(), evaluation);

            Verdict refused = runner.run(counting, evaluation);

            assertThat(refused)
                    .isEqualTo(Verdict.reject(
                            "policy error: counting not run: 1 plugin calls are still running past their time limit"));
            assertThat(counted).hasValue(0);

            release.countDown();
            awaitOverrunning(runner, 0);
            assertThat(runner.run(counting, evaluation)).isEqualTo(Verdict.permit(""));
            assertThat(counted).hasValue(1);
        }
    }

    @Test
    void close_letsEvaluationsInFlightFinishAndLaterOnesStillRun() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Runner runner = generousRunner();
        CompletableFuture<Verdict> inFlight = CompletableFuture.supplyAsync(() -> runner.run(
                policy("draining", e -> {
                    started.countDown();
                    try {
                        release.await();
                        return Verdict.permit("finished");
                    } catch (InterruptedException x) {
                        throw new IllegalStateException("interrupted by close");
                    }
                }),
                evaluation));
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

        runner.close();
        release.countDown();

        assertThat(inFlight.get(30, TimeUnit.SECONDS)).isEqualTo(Verdict.permit("finished"));
        assertThat(runner.run(policy("late", e -> Verdict.permit("after close")), evaluation))
                .isEqualTo(Verdict.permit("after close"));
    }

    @Test
    void close_keepsTheLimit() {
        Runner closed = stuckRunner(32);
        closed.close();

        assertThat(closed.run(
                        policy("stuck-after-close", e -> {
                            started.countDown();
                            awaitUninterruptibly(release);
                            return Verdict.permit("");
                        }),
                        evaluation))
                .isEqualTo(Verdict.reject("policy error: stuck-after-close exceeded its time limit of 500 ms"));
    }

    @Test
    void inTurn_aDecisionsPoliciesRunOneAfterAnotherOnOnePluginThread_eachUnderItsOwnClassLoader() {
        List<String> threads = new CopyOnWriteArrayList<>();
        List<ClassLoader> loaders = new CopyOnWriteArrayList<>();
        List<ClassLoader> expected = new ArrayList<>();
        List<Policy> policies = new ArrayList<>();
        for (String name : List.of("first", "second", "third")) {
            ClassLoader own = new URLClassLoader(name, new URL[0], getClass().getClassLoader());
            expected.add(own);
            policies.add(policyIn(own, name, e -> {
                threads.add(Thread.currentThread().getName());
                loaders.add(Thread.currentThread().getContextClassLoader());
                return Verdict.permit(name);
            }));
        }
        AtomicInteger waits = new AtomicInteger();
        TimeLimitedPluginInvoker.Deadline counting = new TimeLimitedPluginInvoker.Deadline() {
            @Override
            public <T> T await(java.util.concurrent.Future<T> result, Duration limit)
                    throws java.util.concurrent.TimeoutException, java.util.concurrent.ExecutionException,
                            InterruptedException {
                waits.incrementAndGet(); // once per hand-over to a plugin thread
                return TimeLimitedPluginInvoker.WALL_CLOCK.await(result, limit);
            }
        };
        try (Runner runner =
                new Runner(new TimeLimitedPluginInvoker(PluginLimits.DEFAULTS.withCallLimit(GENEROUS), counting))) {
            List<Verdict> verdicts = runner.runInTurn(policies, evaluation);

            assertThat(verdicts)
                    .containsExactly(Verdict.permit("first"), Verdict.permit("second"), Verdict.permit("third"));
            assertThat(threads).hasSize(3).allMatch(t -> t.startsWith("mre-plugin-"));
            assertThat(Set.copyOf(threads)).hasSize(1);
            assertThat(waits).as("one hand-over for the three").hasValue(1);
            assertThat(loaders).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void inTurn_aPolicyPastItsLimit_rejects_thePoliciesAfterItAreNotRunAndReject_andTheBatchIsOneOverrun() {
        AtomicInteger later = new AtomicInteger();
        try (Runner runner = stuckRunner(32)) {
            List<Verdict> verdicts = runner.runInTurn(
                    List.of(
                            policy("quick", e -> Verdict.permit("fine")),
                            stuckIgnoringInterrupts(),
                            policy("later", e -> {
                                later.incrementAndGet();
                                return Verdict.permit("");
                            })),
                    evaluation);

            assertThat(verdicts)
                    .containsExactly(
                            Verdict.permit("fine"),
                            Verdict.reject("policy error: stuck exceeded its time limit of 500 ms"),
                            Verdict.reject("policy error: later not run: 'stuck' before it exceeded its time limit"));
            assertThat(runner.overrunning()).isEqualTo(1);
            release.countDown();
            awaitOverrunning(runner, 0);
            assertThat(later).as("never started after the overrun").hasValue(0);
        }
    }

    @Test
    void inTurn_whileTooManyCallsOverrun_rejectsEveryPolicyWithoutStartingAny() {
        AtomicInteger counted = new AtomicInteger();
        Policy counting = counting(counted);
        try (Runner runner = stuckRunner(1)) {
            runner.run(stuckIgnoringInterrupts(), evaluation);

            List<Verdict> refused = runner.runInTurn(List.of(counting, counting), evaluation);

            assertThat(refused)
                    .containsOnly(Verdict.reject(
                            "policy error: counting not run: 1 plugin calls are still running past their time limit"))
                    .hasSize(2);
            assertThat(counted).hasValue(0);
        }
    }

    @Test
    void new_refusesANonPositiveLimit() {
        assertThatThrownBy(() -> PluginLimits.DEFAULTS.withCallLimit(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be positive");
    }

    private static Policy policy(String name, Function<Evaluation, Verdict> evaluate) {
        return new Policy() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Verdict evaluate(Evaluation evaluation) {
                return evaluate.apply(evaluation);
            }
        };
    }

    private static Policy counting(AtomicInteger counted) {
        return policy("counting", e -> {
            counted.incrementAndGet();
            return Verdict.permit("");
        });
    }

    /** A policy that waits for {@link #release} and ignores the interrupt: past its limit, its thread stays busy. */
    private Policy stuckIgnoringInterrupts() {
        return policy("stuck", e -> {
            started.countDown();
            awaitUninterruptibly(release);
            return Verdict.permit("");
        });
    }

    /** A policy whose class is defined by {@code loader} (a proxy class), as a plugin jar's classes are. */
    private static Policy policyIn(ClassLoader loader, String name, Function<Evaluation, Verdict> evaluate) {
        Policy inner = policy(name, evaluate);
        return (Policy) Proxy.newProxyInstance(
                loader, new Class<?>[] {Policy.class}, (proxy, method, args) -> method.invoke(inner, args));
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                if (latch.await(60, TimeUnit.SECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitOverrunning(Runner runner, int expected) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(runner.overrunning()).isEqualTo(expected));
    }
}
