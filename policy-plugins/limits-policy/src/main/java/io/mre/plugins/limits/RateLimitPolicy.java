package io.mre.plugins.limits;

import static java.util.Objects.requireNonNull;

import io.mre.plugins.support.Glob;
import io.mre.spi.CandidateAction;
import io.mre.spi.Evaluation;
import io.mre.spi.Policy;
import io.mre.spi.Reentry;
import io.mre.spi.Verdict;
import java.time.Duration;

/**
 * A per-tenant rate limit: each step execution of a matching operation takes a token from its tenant's bucket
 * ({@code context.tenant}); when the bucket is empty the execution is deferred until a token is due, or refused.
 * Delegations, compensations and plan changes take no token: the limit admits work onto this node.
 *
 * <p>The buckets are the only state a built-in policy keeps, and they are not execution state: nothing about an
 * object's progress lives in them and no decision of another node depends on them. They are this node's own
 * admission control, like a load shedder in front of a server; losing them (a restart) only refills every
 * bucket. Every verdict is still recorded in the object, so its history explains each deferral. A dry run
 * ({@code Evaluate}) answers as the next execution would be answered and takes no token.
 */
final class RateLimitPolicy implements Policy {
    /** What to do when a tenant has no token left. */
    enum OnExhausted {
        DEFER,
        REJECT
    }

    private final String name;
    private final TokenBuckets buckets;
    private final Glob operations;
    private final OnExhausted onExhausted;
    private final String rate;

    RateLimitPolicy(String name, TokenBuckets buckets, Glob operations, OnExhausted onExhausted, String rate) {
        this.name = requireNonNull(name, "name is null");
        this.buckets = requireNonNull(buckets, "buckets is null");
        this.operations = requireNonNull(operations, "operations is null");
        this.onExhausted = requireNonNull(onExhausted, "onExhausted is null");
        this.rate = requireNonNull(rate, "rate is null");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Verdict evaluate(Evaluation evaluation) {
        if (!(evaluation.candidate() instanceof CandidateAction.Execute execute)) {
            return Verdict.permit("not rate-limited");
        }
        if (!operations.matches(execute.target().operation())) {
            return Verdict.permit("'" + execute.target().operation() + "' is not rate-limited");
        }
        String tenant = evaluation.object().context().tenant();
        Duration wait =
                evaluation.dryRun() ? buckets.peek(tenant, evaluation.now()) : buckets.take(tenant, evaluation.now());
        String who = tenant.isEmpty() ? "objects without a tenant" : "tenant '" + tenant + "'";
        if (wait.isZero()) {
            return Verdict.permit("within the rate of " + who);
        }
        String why = who + " exceeded " + rate + "; next token in " + wait.toMillis() + " ms";
        return onExhausted == OnExhausted.DEFER ? Verdict.defer(Reentry.after(wait), why) : Verdict.reject(why);
    }
}
