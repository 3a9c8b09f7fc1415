package io.mre.plugins.planadvisor;

import static java.util.Objects.requireNonNull;

import io.mre.plugins.support.Glob;
import io.mre.spi.ActionKind;
import io.mre.spi.StepView;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One rule of the plan advisor: conditions (all must hold; absent ones hold) and one piece of advice, either a
 * step to insert or an action to suggest.
 *
 * @param name the rule's name, quoted in rationales
 * @param whenOperation globs over the operation of the step the engine is about to run or route
 * @param amountField dotted path of a number in the intent's input (then the step's params), or empty
 * @param amountAbove the number must be above this; empty when there is no amount condition
 * @param whenLabels labels the object's context must carry
 * @param insert the step to insert, for MUTATE advice
 * @param anchor where: before or after which step (empty: before the step about to run)
 * @param suggest the action to suggest, for advice without a plan change
 * @param rationale why, recorded with the advice
 */
record AdviceRule(
        String name,
        Optional<Glob> whenOperation,
        String amountField,
        OptionalDouble amountAbove,
        Map<String, String> whenLabels,
        Optional<StepView> insert,
        Optional<Anchor> anchor,
        Optional<ActionKind> suggest,
        String rationale) {
    AdviceRule {
        requireNonNull(name, "name is null");
        requireNonNull(whenOperation, "whenOperation is null");
        requireNonNull(amountField, "amountField is null");
        requireNonNull(amountAbove, "amountAbove is null");
        whenLabels = Map.copyOf(whenLabels);
        requireNonNull(insert, "insert is null");
        requireNonNull(anchor, "anchor is null");
        requireNonNull(suggest, "suggest is null");
        requireNonNull(rationale, "rationale is null");
        if (insert.isPresent() == suggest.isPresent()) {
            throw new IllegalArgumentException("a rule either inserts a step or suggests an action");
        }
    }

    /** Where an inserted step goes. */
    record Anchor(String stepId, boolean before) {
        Anchor {
            requireNonNull(stepId, "stepId is null");
        }
    }
}
