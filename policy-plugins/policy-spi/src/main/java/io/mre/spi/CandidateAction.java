package io.mre.spi;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** The action the engine proposes for this cycle, which policies judge. */
public sealed interface CandidateAction {
    /** The kind of action. */
    ActionKind kind();

    /** The step acted on, when there is one. */
    default Optional<StepView> step() {
        return Optional.empty();
    }

    /** Run {@code step} (attempt {@code attempt}, 1-based) on this node. */
    record Execute(StepView target, int attempt) implements CandidateAction {
        public Execute {
            requireNonNull(target, "target is null");
            if (attempt < 1) {
                throw new IllegalArgumentException("attempt must be >= 1: " + attempt);
            }
        }

        @Override
        public ActionKind kind() {
            return ActionKind.EXECUTE;
        }

        @Override
        public Optional<StepView> step() {
            return Optional.of(target);
        }
    }

    /** Run the compensation of the completed step {@code target} on this node. */
    record Compensate(StepView target) implements CandidateAction {
        public Compensate {
            requireNonNull(target, "target is null");
        }

        @Override
        public ActionKind kind() {
            return ActionKind.EXECUTE;
        }

        @Override
        public Optional<StepView> step() {
            return Optional.of(target);
        }
    }

    /** Hand the object to {@code peer} so that it runs {@code target}. */
    record Delegate(StepView target, PeerView peer) implements CandidateAction {
        public Delegate {
            requireNonNull(target, "target is null");
            requireNonNull(peer, "peer is null");
        }

        @Override
        public ActionKind kind() {
            return ActionKind.DELEGATE;
        }

        @Override
        public Optional<StepView> step() {
            return Optional.of(target);
        }
    }

    /** Change the plan by {@code patch}, suggested by the advisor {@code suggestedBy}. */
    record Mutate(PlanPatch patch, String reason, String suggestedBy) implements CandidateAction {
        public Mutate {
            requireNonNull(patch, "patch is null");
            requireNonNull(reason, "reason is null");
            requireNonNull(suggestedBy, "suggestedBy is null");
        }

        @Override
        public ActionKind kind() {
            return ActionKind.MUTATE;
        }
    }
}
