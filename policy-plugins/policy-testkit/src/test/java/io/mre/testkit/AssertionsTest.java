package io.mre.testkit;

import static io.mre.testkit.MreAssertions.assertThatVerdict;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mre.spi.Constraint;
import io.mre.spi.Reentry;
import io.mre.spi.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each assertion passes on what it names and fails, saying why, on anything else. */
class AssertionsTest {
    private static final Instant NINE = Instant.parse("2026-01-05T09:00:00Z");

    @Test
    void kindAssertions_passOnTheirKindOnly() {
        assertThatVerdict(Verdict.permit("ok")).isPermit().allows().isKind(VerdictKind.PERMIT);
        assertThatVerdict(Verdict.reject("no")).isReject();
        assertThatVerdict(Verdict.defer(Reentry.at(NINE), "later")).isDefer();
        assertThatVerdict(Verdict.constrain("eu", Constraint.requireDomain("eu.example")))
                .isConstrain()
                .allows();

        assertThatThrownBy(() -> assertThatVerdict(Verdict.permit("ok")).isReject())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected a REJECT verdict but was Permit[reason=ok]");
        assertThatThrownBy(() -> assertThatVerdict(Verdict.reject("no")).allows())
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertThatVerdict(null).isPermit()).isInstanceOf(AssertionError.class);
    }

    @Test
    void reasonAssertions_compareTheReason() {
        assertThatVerdict(Verdict.reject("amount above 10000"))
                .hasReason("amount above 10000")
                .hasReasonContaining("10000");

        assertThatThrownBy(() ->
                        assertThatVerdict(Verdict.reject("amount above 10000")).hasReasonContaining("vip"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to contain <vip>");
    }

    @Test
    void isPolicyError_passesOnlyOnAFailClosedReject() {
        assertThatVerdict(Verdict.reject("policy error: p failed: boom")).isPolicyError();

        assertThatThrownBy(() -> assertThatVerdict(Verdict.reject("too large")).isPolicyError())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("fail-closed");
    }

    @Test
    void deferAssertions_matchTheReentryCondition() {
        assertThatVerdict(Verdict.defer(Reentry.onSignal("approved", Set.of("a.example")), "wait"))
                .isDeferredUntilSignal("approved", "a.example");
        assertThatVerdict(Verdict.defer(Reentry.onSignal("approved"), "wait")).isDeferredUntilSignal("approved");
        assertThatVerdict(Verdict.defer(Reentry.at(NINE), "wait")).isDeferredUntil(NINE);
        assertThatVerdict(Verdict.defer(Reentry.after(Duration.ofMinutes(5)), "wait"))
                .isDeferredFor(Duration.ofMinutes(5));

        assertThatThrownBy(() -> assertThatVerdict(Verdict.defer(Reentry.onSignal("approved"), "wait"))
                        .isDeferredUntilSignal("approved", "a.example"))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertThatVerdict(Verdict.defer(Reentry.at(NINE), "wait"))
                        .isDeferredUntil(NINE.plusSeconds(1)))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertThatVerdict(Verdict.permit()).isDeferredUntil(NINE))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void isConstrainedTo_needsExactlyTheConstraints() {
        Verdict v =
                Verdict.constrain("eu", Constraint.requireLabel("region", "eu-west"), Constraint.redactOutput("ssn"));

        assertThatVerdict(v)
                .isConstrainedTo(Constraint.redactOutput("ssn"), Constraint.requireLabel("region", "eu-west"));
        assertThatThrownBy(() -> assertThatVerdict(v).isConstrainedTo(Constraint.redactOutput("ssn")))
                .isInstanceOf(AssertionError.class);
    }
}
