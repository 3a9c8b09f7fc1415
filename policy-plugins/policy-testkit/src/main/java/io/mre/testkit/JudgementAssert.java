package io.mre.testkit;

import io.mre.spi.Constraint;
import io.mre.spi.Reentry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the combined {@link Judgement} of several policies (what the engine records in the entry); start
 * with {@link MreAssertions#assertThatJudgement}.
 *
 * <pre>{@code
 * assertThatJudgement(harness.judge(List.of(hours, quota, approval), claim, executing("pay")))
 *         .isDefer().isDeferredUntilSignal("approved")
 *         .hasVerdict("business-hours", VerdictKind.PERMIT)
 *         .hasVerdict("approval-required", VerdictKind.DEFER);
 * }</pre>
 */
public final class JudgementAssert extends AbstractAssert<JudgementAssert, Judgement> {
    JudgementAssert(Judgement actual) {
        super(actual, JudgementAssert.class);
    }

    public JudgementAssert isPermit() {
        return isKind(VerdictKind.PERMIT);
    }

    public JudgementAssert isReject() {
        return isKind(VerdictKind.REJECT);
    }

    public JudgementAssert isDefer() {
        return isKind(VerdictKind.DEFER);
    }

    public JudgementAssert isConstrain() {
        return isKind(VerdictKind.CONSTRAIN);
    }

    /** PERMIT or CONSTRAIN. */
    public JudgementAssert allows() {
        isNotNull();
        if (!actual.allows()) {
            failWithMessage("Expected the policies to let the action go ahead but the decision was %s", describe());
        }
        return this;
    }

    /** The combined verdict is of {@code kind}. */
    public JudgementAssert isKind(VerdictKind kind) {
        isNotNull();
        if (actual.verdict() != kind) {
            failWithMessage("Expected a combined %s but the decision was %s", kind, describe());
        }
        return this;
    }

    public JudgementAssert hasReasonContaining(String text) {
        isNotNull();
        if (!actual.reason().contains(text)) {
            failWithMessage("Expected the combined reason to contain <%s> but the decision was %s", text, describe());
        }
        return this;
    }

    /** The merged constraints are exactly {@code constraints}, in any order. */
    public JudgementAssert isConstrainedTo(Constraint... constraints) {
        isConstrain();
        List<Constraint> got = actual.constraints();
        if (!(got.size() == constraints.length && got.containsAll(List.of(constraints)))) {
            failWithMessage("Expected the merged constraints to be exactly %s but were %s", List.of(constraints), got);
        }
        return this;
    }

    /** A DEFER whose reentry conditions include the signal {@code name} from exactly {@code fromDomains}. */
    public JudgementAssert isDeferredUntilSignal(String name, String... fromDomains) {
        return isDeferredUntil(Reentry.onSignal(name, Set.of(fromDomains)));
    }

    /** A DEFER whose reentry conditions include the time {@code at}. */
    public JudgementAssert isDeferredUntil(Instant at) {
        return isDeferredUntil(Reentry.at(at));
    }

    /** A DEFER whose reentry conditions include {@code reentry}. */
    public JudgementAssert isDeferredUntil(Reentry reentry) {
        isDefer();
        List<Reentry> got = actual.reentries();
        if (!got.contains(reentry)) {
            failWithMessage("Expected a DEFER until %s but the conditions were %s", reentry, got);
        }
        return this;
    }

    /** Policy {@code policy} was consulted and said {@code kind}. */
    public JudgementAssert hasVerdict(String policy, VerdictKind kind) {
        Judgement.PolicyVerdict j = judgementOf(policy);
        if (j.verdict() != kind) {
            failWithMessage(
                    "Expected policy '%s' to say %s but it said %s (<%s>)", policy, kind, j.verdict(), j.reason());
        }
        return this;
    }

    /** Policy {@code policy}'s own reason contains {@code text}. */
    public JudgementAssert hasPolicyReasonContaining(String policy, String text) {
        Judgement.PolicyVerdict j = judgementOf(policy);
        if (!j.reason().contains(text)) {
            failWithMessage(
                    "Expected policy '%s' to give a reason containing <%s> but it gave <%s>", policy, text, j.reason());
        }
        return this;
    }

    /** Exactly these policies were consulted, in this order. */
    public JudgementAssert consulted(String... policies) {
        isNotNull();
        List<String> got =
                actual.policies().stream().map(Judgement.PolicyVerdict::policy).toList();
        if (!got.equals(List.of(policies))) {
            failWithMessage("Expected the policies %s to be consulted but were %s", List.of(policies), got);
        }
        return this;
    }

    private Judgement.PolicyVerdict judgementOf(String policy) {
        isNotNull();
        Optional<Judgement.PolicyVerdict> j = actual.policies().stream()
                .filter(x -> x.policy().equals(policy))
                .findFirst();
        if (j.isEmpty()) {
            failWithMessage("Expected policy '%s' to be consulted but the decision was %s", policy, describe());
        }
        return j.orElseThrow();
    }

    private String describe() {
        StringBuilder b = new StringBuilder(actual.verdict() + " <" + actual.reason() + ">");
        for (Judgement.PolicyVerdict j : actual.policies()) {
            b.append("\n  ")
                    .append(j.policy())
                    .append(": ")
                    .append(j.verdict())
                    .append(" <")
                    .append(j.reason())
                    .append('>');
        }
        return b.toString();
    }

    static Constraint constraint(io.mre.proto.v1.Constraint c) {
        return switch (c.getKind()) {
            case CONSTRAINT_KIND_REQUIRE_DOMAIN -> Constraint.requireDomain(c.getValue());
            case CONSTRAINT_KIND_REQUIRE_LABEL -> new Constraint(Constraint.Kind.REQUIRE_LABEL, c.getValue());
            case CONSTRAINT_KIND_REDACT_OUTPUT -> Constraint.redactOutput(c.getValue());
            case CONSTRAINT_KIND_UNSPECIFIED, UNRECOGNIZED ->
                throw new IllegalArgumentException("no constraint kind: " + c);
        };
    }
}
