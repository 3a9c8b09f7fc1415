package io.mre.engine.decide;

import static java.util.Objects.requireNonNull;

import io.mre.proto.v1.Constraint;
import io.mre.proto.v1.Decision;
import io.mre.proto.v1.ReentryCondition;
import io.mre.proto.v1.Verdict;
import java.util.List;

/**
 * The combined verdict of a node's policies on one candidate, as recorded in the entry.
 *
 * @param decision the recorded decision (combined verdict, every policy's judgement, merged constraints)
 * @param reentries for DEFER: the conditions of every deferring policy
 */
public record Judgement(Decision decision, List<ReentryCondition> reentries) {
    public Judgement {
        requireNonNull(decision, "decision is null");
        reentries = List.copyOf(reentries);
    }

    public Verdict verdict() {
        return decision.getVerdict();
    }

    /** PERMIT or CONSTRAIN. */
    public boolean allows() {
        return verdict() == Verdict.VERDICT_PERMIT || verdict() == Verdict.VERDICT_CONSTRAIN;
    }

    public List<Constraint> constraints() {
        return decision.getConstraintsList();
    }

    public String reason() {
        return decision.getReason();
    }

    /** A decision no policy took part in (a mandatory engine action such as an expiry). */
    public static Judgement mandatory(String reason) {
        return new Judgement(
                Decision.newBuilder()
                        .setVerdict(Verdict.VERDICT_UNSPECIFIED)
                        .setReason(reason)
                        .build(),
                List.of());
    }
}
