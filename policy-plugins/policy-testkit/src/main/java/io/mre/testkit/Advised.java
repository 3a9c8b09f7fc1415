package io.mre.testkit;

import static java.util.Objects.requireNonNull;

import io.mre.spi.Advice;
import java.util.List;
import java.util.Optional;

/**
 * What an advisor said, as the engine records it: its advice, or the failure that made the engine ignore it.
 *
 * <pre>{@code
 * Advised advised = harness.advise(new AuditAdvisor(), claim, executing("pay"));
 * assertThatAdvice(advised).isNotFailed().suggestsInsertingStep("audit.log");
 * }</pre>
 *
 * @param advisor the advisor's name
 * @param advice the advice given (empty when it failed)
 * @param failure why the advisor failed ({@code "advisor failed: ..."}), when it did
 */
public record Advised(String advisor, List<Advice> advice, Optional<String> failure) {
    public Advised {
        requireNonNull(advisor, "advisor is null");
        advice = List.copyOf(advice);
        requireNonNull(failure, "failure is null");
    }

    /** True when the engine would record this advisor as failed. */
    public boolean failed() {
        return failure.isPresent();
    }
}
