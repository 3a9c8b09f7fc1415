package io.mre.testkit;

import io.mre.spi.ActionKind;
import io.mre.spi.Advice;
import io.mre.spi.PlanPatch;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on what an advisor said; start with {@link MreAssertions#assertThatAdvice}.
 *
 * <pre>{@code
 * assertThatAdvice(harness.advise(advisor, claim, executing("pay")))
 *         .isNotFailed().suggestsInsertingStep("fraud.check").hasRationaleContaining("above 10000");
 * }</pre>
 */
public final class AdvisedAssert extends AbstractAssert<AdvisedAssert, Advised> {
    AdvisedAssert(Advised actual) {
        super(actual, AdvisedAssert.class);
    }

    /** The advisor failed: the engine records failed advice and ignores it. */
    public AdvisedAssert isFailed() {
        isNotNull();
        if (!actual.failed()) {
            failWithMessage("Expected advisor '%s' to fail but it advised %s", actual.advisor(), actual.advice());
        }
        return this;
    }

    public AdvisedAssert isNotFailed() {
        isNotNull();
        if (actual.failed()) {
            failWithMessage(
                    "Expected advisor '%s' not to fail but: %s",
                    actual.advisor(), actual.failure().get());
        }
        return this;
    }

    public AdvisedAssert hasFailureContaining(String text) {
        isFailed();
        if (!actual.failure().get().contains(text)) {
            failWithMessage(
                    "Expected the failure to contain <%s> but was <%s>",
                    text, actual.failure().get());
        }
        return this;
    }

    public AdvisedAssert hasNoAdvice() {
        isNotFailed();
        if (!actual.advice().isEmpty()) {
            failWithMessage("Expected no advice from '%s' but got %s", actual.advisor(), actual.advice());
        }
        return this;
    }

    /** Some advice suggests {@code action}. */
    public AdvisedAssert suggests(ActionKind action) {
        isNotFailed();
        if (actual.advice().stream().noneMatch(a -> a.suggestedAction() == action)) {
            failWithMessage("Expected advice suggesting %s but got %s", action, actual.advice());
        }
        return this;
    }

    /** Some advice suggests a plan change inserting a step that runs {@code operation}. */
    public AdvisedAssert suggestsInsertingStep(String operation) {
        isNotFailed();
        boolean found = actual.advice().stream()
                .map(Advice::patch)
                .flatMap(p -> p.inserts().stream())
                .map(PlanPatch.Insert::step)
                .anyMatch(s -> s.operation().equals(operation));
        if (!found) {
            failWithMessage("Expected advice inserting a step running '%s' but got %s", operation, actual.advice());
        }
        return this;
    }

    /** Some advice suggests a plan change removing step {@code stepId}. */
    public AdvisedAssert suggestsRemovingStep(String stepId) {
        isNotFailed();
        if (actual.advice().stream().noneMatch(a -> a.patch().removeStepIds().contains(stepId))) {
            failWithMessage("Expected advice removing step '%s' but got %s", stepId, actual.advice());
        }
        return this;
    }

    /** Some advice's rationale contains {@code text}. */
    public AdvisedAssert hasRationaleContaining(String text) {
        isNotFailed();
        if (actual.advice().stream().noneMatch(a -> a.rationale().contains(text))) {
            failWithMessage("Expected a rationale containing <%s> but got %s", text, actual.advice());
        }
        return this;
    }
}
