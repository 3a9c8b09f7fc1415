package com.example.policy;

import io.mre.spi.CandidateAction;
import io.mre.spi.Evaluation;
import io.mre.spi.Policy;
import io.mre.spi.Reentry;
import io.mre.spi.Verdict;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;

/**
 * No large payments at the weekend: a payment step above {@code maxAmount} that would run on a weekend day (in
 * {@code zone}) is deferred until the weekend is over; the object sleeps until the next working day starts, then
 * the node asks again. Smaller payments, other operations, refunds and hand-offs to other nodes are permitted.
 *
 * <p>Immutable, so thread-safe; no I/O; the verdict depends only on the evaluation (its {@code now} is the node's
 * clock), so the same evaluation always gets the same verdict.
 */
final class NoWeekendPayments implements Policy {
    static final String NAME = "no-weekend-payments";

    private final long maxAmount;
    private final Set<String> operations;
    private final ZoneId zone;
    private final Set<DayOfWeek> weekend;

    NoWeekendPayments(long maxAmount, Set<String> operations, ZoneId zone, Set<DayOfWeek> weekend) {
        this.maxAmount = maxAmount;
        this.operations = Set.copyOf(operations);
        this.zone = zone;
        this.weekend = Set.copyOf(weekend);
    }

    @Override
    public String name() {
        return NAME; // recorded in the entry next to the verdict
    }

    @Override
    public Verdict evaluate(Evaluation evaluation) {
        // Only a step run here: a refund (Compensate) is always welcome, a Delegate runs under the peer's policy.
        if (!(evaluation.candidate() instanceof CandidateAction.Execute run)
                || !operations.contains(run.target().operation())) {
            return Verdict.permit("not a payment");
        }
        // Numbers from the object arrive as Double, whatever the author wrote.
        if (!(run.target().params().get("amount") instanceof Number amount)) {
            return Verdict.reject("payment step '" + run.target().id() + "' has no numeric amount");
        }
        LocalDate today = LocalDate.ofInstant(evaluation.now(), zone);
        if (amount.doubleValue() <= maxAmount) {
            return Verdict.permit("payment of " + amount.longValue() + " within " + maxAmount);
        }
        if (!weekend.contains(today.getDayOfWeek())) {
            return Verdict.permit("payment of " + amount.longValue() + " on a working day");
        }
        LocalDate next = today.plusDays(1);
        while (weekend.contains(next.getDayOfWeek())) {
            next = next.plusDays(1);
        }
        Instant opens = next.atStartOfDay(zone).toInstant();
        return Verdict.defer(Reentry.at(opens), "payment of " + amount.longValue() + " above " + maxAmount
                + " on a " + today.getDayOfWeek() + ": deferred to " + next.getDayOfWeek() + " " + opens);
    }
}
