package io.mre.plugins.operation;

import static java.util.Objects.requireNonNull;

import io.mre.plugins.support.Glob;
import io.mre.spi.CandidateAction;
import io.mre.spi.Evaluation;
import io.mre.spi.Policy;
import io.mre.spi.Verdict;

/**
 * Judges which operations this node runs: a denied operation is refused; with an allow list, an operation
 * outside it is refused. Only local runs (steps and compensations) are judged: a delegation runs the operation
 * elsewhere, under the other node's own policy. Immutable, so thread-safe.
 */
final class OperationPolicy implements Policy {
    private final String name;
    private final Glob allow;
    private final Glob deny;
    private final boolean compensations;
    private final boolean allowListed;

    OperationPolicy(String name, Glob allow, Glob deny, boolean compensations, boolean allowListed) {
        this.name = requireNonNull(name, "name is null");
        this.allow = requireNonNull(allow, "allow is null");
        this.deny = requireNonNull(deny, "deny is null");
        this.compensations = compensations;
        this.allowListed = allowListed;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Verdict evaluate(Evaluation evaluation) {
        return switch (evaluation.candidate()) {
            case CandidateAction.Execute e -> judge(e.target().operation(), "operation");
            case CandidateAction.Compensate c ->
                compensations
                        ? judge(c.target().compensationOperation(), "compensation")
                        : Verdict.permit("compensations are not judged");
            case CandidateAction.Delegate d -> Verdict.permit("not run here");
            case CandidateAction.Mutate m -> Verdict.permit("not an operation");
        };
    }

    private Verdict judge(String operation, String what) {
        if (deny.matches(operation)) {
            return Verdict.reject(what + " '" + operation + "' is denied on this node (deny " + deny + ")");
        }
        if (allowListed && !allow.matches(operation)) {
            return Verdict.reject(what + " '" + operation + "' is not allowed on this node (allow " + allow + ")");
        }
        return Verdict.permit(what + " '" + operation + "' allowed");
    }
}
