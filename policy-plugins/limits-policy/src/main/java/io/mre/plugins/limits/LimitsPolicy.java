package io.mre.plugins.limits;

import static java.util.Objects.requireNonNull;

import io.mre.spi.CandidateAction;
import io.mre.spi.ContextView;
import io.mre.spi.Evaluation;
import io.mre.spi.Policy;
import io.mre.spi.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Hop limit and deadline margin. A delegation that would exceed the lower of this node's {@code maxHops} and
 * the object's own is refused. A step execution or delegation is refused when the object's deadline has passed
 * or is closer than {@code minRemaining} (or, with {@code requireDeadline}, when it has none). Compensations
 * and plan changes are never refused here: undoing work must not be blocked by the limits that stopped it.
 * Immutable, so thread-safe.
 */
final class LimitsPolicy implements Policy {
    private final String name;
    private final int maxHops;
    private final Duration minRemaining;
    private final boolean requireDeadline;

    LimitsPolicy(String name, int maxHops, Duration minRemaining, boolean requireDeadline) {
        this.name = requireNonNull(name, "name is null");
        this.maxHops = maxHops;
        this.minRemaining = requireNonNull(minRemaining, "minRemaining is null");
        this.requireDeadline = requireDeadline;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Verdict evaluate(Evaluation evaluation) {
        CandidateAction candidate = evaluation.candidate();
        if (candidate instanceof CandidateAction.Compensate || candidate instanceof CandidateAction.Mutate) {
            return Verdict.permit("not limited");
        }
        ContextView context = evaluation.object().context();
        if (candidate instanceof CandidateAction.Delegate) {
            int limit = hopLimit(context.maxHops());
            int hops = evaluation.object().state().hops();
            if (limit > 0 && hops + 1 > limit) {
                return Verdict.reject("hop limit: " + hops + " delegation(s) made, at most " + limit + " allowed");
            }
        }
        Optional<Instant> deadline = context.deadline();
        if (deadline.isEmpty()) {
            return requireDeadline
                    ? Verdict.reject("this node accepts only objects with a deadline")
                    : Verdict.permit("within limits");
        }
        Duration left = Duration.between(evaluation.now(), deadline.get());
        if (left.isNegative() || left.isZero()) {
            return Verdict.reject("deadline " + deadline.get() + " has passed");
        }
        if (left.compareTo(minRemaining) < 0) {
            return Verdict.reject("deadline " + deadline.get() + " is " + left.toMillis() + " ms away, less than the "
                    + minRemaining.toMillis() + " ms this node requires");
        }
        return Verdict.permit("within limits");
    }

    private int hopLimit(int objectMaxHops) {
        if (maxHops > 0 && objectMaxHops > 0) {
            return Math.min(maxHops, objectMaxHops);
        }
        return Math.max(maxHops, objectMaxHops);
    }
}
