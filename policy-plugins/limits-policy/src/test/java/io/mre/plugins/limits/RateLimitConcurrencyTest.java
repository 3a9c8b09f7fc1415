package io.mre.plugins.limits;

import static io.mre.testkit.Candidate.executing;
import static io.mre.testkit.TestObjects.intent;
import static org.assertj.core.api.Assertions.assertThat;

import io.mre.spi.Evaluation;
import io.mre.spi.Policy;
import io.mre.spi.Verdict;
import io.mre.testkit.PolicyHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The rate limit's buckets are the one piece of state a built-in policy keeps, and a node evaluates policies for
 * many objects at once: evaluations racing on the same buckets must hand out exactly the tokens there are. The
 * clock is fixed (no refill), so the count is exact, whatever the interleaving.
 */
class RateLimitConcurrencyTest {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 250;
    private static final int BURST = 100;

    private final PolicyHarness harness = PolicyHarness.defaults();

    @Test
    void evaluate_racingExecutionsOfOneTenant_permitExactlyTheBurst() throws Exception {
        Policy p = RateLimitPolicyTest.policy(Map.of("ratePerSecond", 1, "burst", BURST));
        Evaluation acme = harness.evaluation(
                intent("claim").step("check", "credit.check").context(c -> c.withTenant("acme")), executing("check"));

        Map<String, AtomicInteger> permits = race(p, List.of(acme));

        assertThat(permits.get("acme")).hasValue(BURST);
    }

    @Test
    void evaluate_racingExecutionsOfManyTenants_permitExactlyTheBurstOfEach() throws Exception {
        Policy p = RateLimitPolicyTest.policy(Map.of("ratePerSecond", 1, "burst", BURST / 10));
        List<Evaluation> tenants = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            String tenant = "tenant-" + t;
            tenants.add(harness.evaluation(
                    intent("claim").step("check", "credit.check").context(c -> c.withTenant(tenant)),
                    executing("check")));
        }

        Map<String, AtomicInteger> permits = race(p, tenants);

        assertThat(permits)
                .hasSize(16)
                .allSatisfy((tenant, n) -> assertThat(n).as(tenant).hasValue(BURST / 10));
    }

    /** {@link #THREADS} threads, released together, each evaluating {@link #PER_THREAD} times round the list. */
    private static Map<String, AtomicInteger> race(Policy p, List<Evaluation> evaluations) throws Exception {
        Map<String, AtomicInteger> permits = new ConcurrentHashMap<>();
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int offset = t;
                done.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    for (int i = 0; i < PER_THREAD; i++) {
                        Evaluation e = evaluations.get((i + offset) % evaluations.size());
                        Verdict v = p.evaluate(e);
                        if (v instanceof Verdict.Permit) {
                            permits.computeIfAbsent(e.object().context().tenant(), k -> new AtomicInteger())
                                    .incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return permits;
    }
}
