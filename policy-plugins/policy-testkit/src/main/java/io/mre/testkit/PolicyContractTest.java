package io.mre.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.mre.spi.Evaluation;
import io.mre.spi.Policy;
import io.mre.spi.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The SPI contract every {@link Policy} keeps, as JUnit 5 tests: extend it in your test sources and provide the
 * policy. The policy is put a range of candidates (execute, retry, compensate, delegate within and outside the node's
 * domain, mutate) on a range of object states (fresh, part done, failed, dormant, signalled, delegated, terminated).
 *
 * <pre>{@code
 * class NoLargePaymentsContractTest extends PolicyContractTest {
 *     protected Policy policy() { return new NoLargePayments(10_000); }
 *
 *     protected ObjectBuilder sampleObject() {   // optional: the default is a two-step claim settlement
 *         return intent("claim.settle").step("pay", "payment.transfer", withParam("amount", 12_000));
 *     }
 * }
 * }</pre>
 *
 * <p>Checked: the name is non-blank and stable; the policy answers every case without throwing, never with null,
 * and gives a reason to every REJECT and DEFER; the same evaluation gets the same verdict, also from several threads
 * at once (skipped for a policy that declares {@link #isStateful()}, such as a rate limit); the evaluation is left
 * unchanged.
 */
public abstract class PolicyContractTest {
    /** A new instance of the policy under test. */
    protected abstract Policy policy();

    /** The object the cases are built from. */
    protected ObjectBuilder sampleObject() {
        return ContractCases.defaultSample();
    }

    /** The candidate of the sample evaluation (by default, executing the next step). */
    protected Candidate sampleCandidate() {
        return Candidate.next();
    }

    /** The node and time the cases are evaluated at. */
    protected PolicyHarness harness() {
        return PolicyHarness.defaults();
    }

    /** True for a policy whose verdicts depend on earlier calls (a quota, a rate limit): skips determinism checks. */
    protected boolean isStateful() {
        return false;
    }

    @Test
    public void name_isNonBlank() {
        assertThat(policy().name())
                .as("name() of %s", policy().getClass().getName())
                .isNotNull()
                .isNotBlank();
    }

    @Test
    public void name_isStable() {
        Policy policy = policy();
        assertThat(policy.name()).as("name() called twice").isEqualTo(policy.name());
        assertThat(policy().name()).as("name() of two instances").isEqualTo(policy.name());
    }

    @Test
    public void evaluate_answersEveryCaseWithAVerdictAndAReason() {
        Policy policy = policy();
        for (ContractCases.Case c : cases()) {
            Verdict v = evaluate(policy, c);
            assertThat(v).as("verdict for %s", c).isNotNull();
            assertThat(v.reason()).as("reason for %s", c).isNotNull();
            if (v instanceof Verdict.Reject || v instanceof Verdict.Defer) {
                assertThat(v.reason())
                        .as("reason of %s for %s (recorded in the entry)", v, c)
                        .isNotBlank();
            }
        }
    }

    @Test
    public void evaluate_isDeterministic() {
        assumeFalse(isStateful(), "the policy declares itself stateful");
        Policy policy = policy();
        Policy other = policy();
        for (ContractCases.Case c : cases()) {
            Verdict first = evaluate(policy, c);
            assertThat(evaluate(policy, c)).as("second verdict for %s", c).isEqualTo(first);
            assertThat(evaluate(other, c))
                    .as("verdict of another instance for %s", c)
                    .isEqualTo(first);
        }
    }

    @Test
    public void evaluate_isThreadSafe() {
        Policy policy = policy();
        List<ContractCases.Case> cases = cases();
        List<Verdict> expected = cases.stream().map(c -> evaluate(policy, c)).toList();
        List<Callable<Verdict>> calls = new ArrayList<>();
        for (int round = 0; round < 8; round++) {
            for (ContractCases.Case c : cases) {
                calls.add(() -> policy.evaluate(c.evaluation()));
            }
        }
        List<Verdict> got = Concurrently.run(calls);
        for (int i = 0; i < got.size(); i++) {
            ContractCases.Case c = cases.get(i % cases.size());
            assertThat(got.get(i))
                    .as("verdict for %s, evaluated concurrently", c)
                    .isNotNull();
            if (!isStateful()) {
                assertThat(got.get(i))
                        .as("verdict for %s, evaluated concurrently", c)
                        .isEqualTo(expected.get(i % cases.size()));
            }
        }
    }

    @Test
    public void evaluate_leavesTheEvaluationUnchanged() {
        Policy policy = policy();
        List<ContractCases.Case> before = cases();
        List<ContractCases.Case> after = cases();
        for (int i = 0; i < after.size(); i++) {
            evaluate(policy, after.get(i));
            assertThat(after.get(i).evaluation())
                    .as("evaluation after %s", after.get(i))
                    .isEqualTo(before.get(i).evaluation());
        }
    }

    private List<ContractCases.Case> cases() {
        return ContractCases.all(sampleObject(), sampleCandidate(), harness());
    }

    private static Verdict evaluate(Policy policy, ContractCases.Case c) {
        Evaluation e = c.evaluation();
        try {
            return policy.evaluate(e);
        } catch (RuntimeException | Error t) {
            return fail(
                    String.format(
                            "policy '%s' threw on %s (a node would reject the action as a policy error): %s",
                            policy.name(), c, t),
                    t);
        }
    }
}
