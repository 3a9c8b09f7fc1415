package io.mre.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.mre.engine.object.IntentValidator;
import io.mre.spi.ActionKind;
import io.mre.spi.Advice;
import io.mre.spi.Advisor;
import io.mre.spi.PlanPatch;
import io.mre.spi.StepView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The SPI contract every {@link Advisor} keeps, as JUnit 5 tests: extend it in your test sources and provide the
 * advisor. It is consulted on the same range of candidates and object states as in {@link PolicyContractTest}.
 *
 * <pre>{@code
 * class FraudCheckAdvisorContractTest extends AdvisorContractTest {
 *     protected Advisor advisor() { return new FraudCheckAdvisor(10_000); }
 * }
 * }</pre>
 *
 * <p>Checked: the name is non-blank and stable; the advisor answers every case without throwing, with a list (not
 * null) free of nulls; a suggested plan change fits the plan it was given (removes existing steps, inserts
 * well-formed new ids after existing steps); the same evaluation gets the same advice, also from several threads at
 * once (skipped when {@link #isStateful()}); the evaluation is left unchanged.
 */
public abstract class AdvisorContractTest {
    /** A new instance of the advisor under test. */
    protected abstract Advisor advisor();

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

    /** True for an advisor whose advice depends on earlier calls: skips determinism checks. */
    protected boolean isStateful() {
        return false;
    }

    @Test
    public void name_isNonBlank() {
        assertThat(advisor().name())
                .as("name() of %s", advisor().getClass().getName())
                .isNotNull()
                .isNotBlank();
    }

    @Test
    public void name_isStable() {
        Advisor advisor = advisor();
        assertThat(advisor.name()).as("name() called twice").isEqualTo(advisor.name());
        assertThat(advisor().name()).as("name() of two instances").isEqualTo(advisor.name());
    }

    @Test
    public void advise_answersEveryCaseWithAListFreeOfNulls() {
        Advisor advisor = advisor();
        for (ContractCases.Case c : cases()) {
            List<Advice> advice = advise(advisor, c);
            assertThat(advice)
                    .as("advice for %s (return List.of() for no advice)", c)
                    .isNotNull()
                    .doesNotContainNull();
        }
    }

    @Test
    public void advise_suggestsPlanChangesThatFitThePlan() {
        Advisor advisor = advisor();
        for (ContractCases.Case c : cases()) {
            List<StepView> plan = c.evaluation().object().intent().steps();
            Set<String> ids = new HashSet<>(plan.stream().map(StepView::id).toList());
            for (Advice a : advise(advisor, c)) {
                if (a.suggestedAction() != ActionKind.MUTATE) {
                    continue;
                }
                PlanPatch p = a.patch();
                assertThat(ids).as("steps removed by %s for %s", a, c).containsAll(p.removeStepIds());
                Set<String> inserted = new HashSet<>();
                for (PlanPatch.Insert i : p.inserts()) {
                    assertThat(i.afterStepId().isEmpty() || ids.contains(i.afterStepId()))
                            .as("insert after '%s' of %s for %s: no such step", i.afterStepId(), a, c)
                            .isTrue();
                    assertThat(i.step().id())
                            .as("inserted step id of %s for %s", a, c)
                            .matches(IntentValidator.NAME);
                    assertThat(ids)
                            .as("inserted step id of %s for %s is already in the plan", a, c)
                            .doesNotContain(i.step().id());
                    assertThat(inserted.add(i.step().id()))
                            .as("inserted step id '%s' twice in %s", i.step().id(), a)
                            .isTrue();
                    assertThat(i.step().operation())
                            .as("inserted operation of %s for %s", a, c)
                            .matches(IntentValidator.NAME);
                }
            }
        }
    }

    @Test
    public void advise_isDeterministic() {
        assumeFalse(isStateful(), "the advisor declares itself stateful");
        Advisor advisor = advisor();
        Advisor other = advisor();
        for (ContractCases.Case c : cases()) {
            List<Advice> first = advise(advisor, c);
            assertThat(advise(advisor, c)).as("second advice for %s", c).isEqualTo(first);
            assertThat(advise(other, c))
                    .as("advice of another instance for %s", c)
                    .isEqualTo(first);
        }
    }

    @Test
    public void advise_isThreadSafe() {
        Advisor advisor = advisor();
        List<ContractCases.Case> cases = cases();
        List<List<Advice>> expected =
                cases.stream().map(c -> advise(advisor, c)).toList();
        List<Callable<List<Advice>>> calls = new ArrayList<>();
        for (int round = 0; round < 8; round++) {
            for (ContractCases.Case c : cases) {
                calls.add(() -> advisor.advise(c.evaluation()));
            }
        }
        List<List<Advice>> got = Concurrently.run(calls);
        for (int i = 0; i < got.size(); i++) {
            ContractCases.Case c = cases.get(i % cases.size());
            assertThat(got.get(i)).as("advice for %s, given concurrently", c).isNotNull();
            if (!isStateful()) {
                assertThat(got.get(i))
                        .as("advice for %s, given concurrently", c)
                        .isEqualTo(expected.get(i % cases.size()));
            }
        }
    }

    @Test
    public void advise_leavesTheEvaluationUnchanged() {
        Advisor advisor = advisor();
        List<ContractCases.Case> before = cases();
        List<ContractCases.Case> after = cases();
        for (int i = 0; i < after.size(); i++) {
            advise(advisor, after.get(i));
            assertThat(after.get(i).evaluation())
                    .as("evaluation after %s", after.get(i))
                    .isEqualTo(before.get(i).evaluation());
        }
    }

    private List<ContractCases.Case> cases() {
        return ContractCases.all(sampleObject(), sampleCandidate(), harness());
    }

    private static List<Advice> advise(Advisor advisor, ContractCases.Case c) {
        try {
            return advisor.advise(c.evaluation());
        } catch (RuntimeException | Error t) {
            return fail(
                    String.format(
                            "advisor '%s' threw on %s (a node would record failed advice): %s", advisor.name(), c, t),
                    t);
        }
    }
}
