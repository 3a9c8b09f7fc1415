package io.mre.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A change of the plan: steps to remove (not yet started), then steps to insert.
 *
 * @param removeStepIds ids of steps to remove
 * @param inserts steps to insert, each after a given step (or at the start)
 */
public record PlanPatch(List<String> removeStepIds, List<Insert> inserts) {
    /** No change. */
    public static final PlanPatch NONE = new PlanPatch(List.of(), List.of());

    public PlanPatch {
        removeStepIds = List.copyOf(removeStepIds);
        inserts = List.copyOf(inserts);
    }

    /** Insert {@code step} after the step {@code afterStepId} (empty: at the start). */
    public record Insert(String afterStepId, StepView step) {
        public Insert {
            requireNonNull(afterStepId, "afterStepId is null");
            requireNonNull(step, "step is null");
        }
    }

    /** A patch that inserts one step after {@code afterStepId}. */
    public static PlanPatch insertAfter(String afterStepId, StepView step) {
        return new PlanPatch(List.of(), List.of(new Insert(afterStepId, step)));
    }

    /** True when the patch changes nothing. */
    public boolean isEmpty() {
        return removeStepIds.isEmpty() && inserts.isEmpty();
    }
}
