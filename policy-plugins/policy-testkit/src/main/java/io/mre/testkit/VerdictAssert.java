package io.mre.testkit;

import io.mre.spi.Constraint;
import io.mre.spi.Reentry;
import io.mre.spi.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one policy's {@link Verdict}; start with {@link MreAssertions#assertThatVerdict}.
 *
 * <pre>{@code
 * assertThatVerdict(verdict).isReject().hasReasonContaining("10000");
 * assertThatVerdict(verdict).isDeferredUntilSignal("approved", "insurer.example");
 * assertThatVerdict(verdict).isConstrainedTo(Constraint.requireLabel("region", "eu-west"));
 * }</pre>
 */
public final class VerdictAssert extends AbstractAssert<VerdictAssert, Verdict> {
    VerdictAssert(Verdict actual) {
        super(actual, VerdictAssert.class);
    }

    public VerdictAssert isPermit() {
        return isKind(VerdictKind.PERMIT);
    }

    public VerdictAssert isReject() {
        return isKind(VerdictKind.REJECT);
    }

    public VerdictAssert isDefer() {
        return isKind(VerdictKind.DEFER);
    }

    public VerdictAssert isConstrain() {
        return isKind(VerdictKind.CONSTRAIN);
    }

    /** PERMIT or CONSTRAIN: the action may go ahead. */
    public VerdictAssert allows() {
        isNotNull();
        if (!(actual instanceof Verdict.Permit || actual instanceof Verdict.Constrain)) {
            failWithMessage(
                    "Expected a verdict that lets the action go ahead (PERMIT or CONSTRAIN) but was %s", actual);
        }
        return this;
    }

    /** The verdict is of {@code kind}. */
    public VerdictAssert isKind(VerdictKind kind) {
        isNotNull();
        if (VerdictKind.of(actual) != kind) {
            failWithMessage("Expected a %s verdict but was %s", kind, actual);
        }
        return this;
    }

    /** A REJECT produced by the fail-closed rule: the policy threw or returned no verdict. */
    public VerdictAssert isPolicyError() {
        isReject();
        if (!actual.reason().startsWith("policy error: ")) {
            failWithMessage(
                    "Expected a fail-closed REJECT (\"policy error: ...\") but the reason was <%s>", actual.reason());
        }
        return this;
    }

    public VerdictAssert hasReason(String reason) {
        isNotNull();
        if (!actual.reason().equals(reason)) {
            failWithMessage("Expected reason <%s> but was <%s> in %s", reason, actual.reason(), actual);
        }
        return this;
    }

    public VerdictAssert hasReasonContaining(String text) {
        isNotNull();
        if (!actual.reason().contains(text)) {
            failWithMessage("Expected the reason to contain <%s> but was <%s> in %s", text, actual.reason(), actual);
        }
        return this;
    }

    /** A DEFER until the signal {@code name} (from the given domains exactly; from any when none are given). */
    public VerdictAssert isDeferredUntilSignal(String name, String... fromDomains) {
        return isDeferredUntil(Reentry.onSignal(name, Set.of(fromDomains)));
    }

    /** A DEFER until {@code at}. */
    public VerdictAssert isDeferredUntil(Instant at) {
        return isDeferredUntil(Reentry.at(at));
    }

    /** A DEFER for {@code delay} from the moment the object goes dormant. */
    public VerdictAssert isDeferredFor(Duration delay) {
        return isDeferredUntil(Reentry.after(delay));
    }

    /** A DEFER until exactly {@code reentry}. */
    public VerdictAssert isDeferredUntil(Reentry reentry) {
        isDefer();
        Reentry got = ((Verdict.Defer) actual).reentry();
        if (!got.equals(reentry)) {
            failWithMessage(
                    "Expected a DEFER until %s but it defers until %s (reason <%s>)", reentry, got, actual.reason());
        }
        return this;
    }

    /** A CONSTRAIN with exactly {@code constraints}, in any order. */
    public VerdictAssert isConstrainedTo(Constraint... constraints) {
        isConstrain();
        List<Constraint> got = ((Verdict.Constrain) actual).constraints();
        if (!(got.size() == constraints.length && got.containsAll(List.of(constraints)))) {
            failWithMessage("Expected a CONSTRAIN to exactly %s but got %s", List.of(constraints), got);
        }
        return this;
    }
}
