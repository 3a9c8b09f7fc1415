package io.mre.plugins.planadvisor;

import static java.util.Objects.requireNonNull;

import io.mre.plugins.support.JsonValues;
import io.mre.spi.Advice;
import io.mre.spi.Advisor;
import io.mre.spi.CandidateAction;
import io.mre.spi.Evaluation;
import io.mre.spi.IntentView;
import io.mre.spi.PlanPatch;
import io.mre.spi.StateView;
import io.mre.spi.StepView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Cognition by rules: looks at the step the engine is about to run or route and, when a rule's conditions hold,
 * suggests inserting a step (MUTATE) or another action (e.g. DELEGATE). Its advice binds nothing: the engine
 * records it, and a suggested plan change happens only if every policy permits the MUTATE.
 *
 * <p>It never suggests a step whose id is already in the plan (so once applied, a rule falls silent), nor an
 * insertion among steps that have already started, and it stays silent while the object compensates.
 * Immutable, so thread-safe.
 */
final class PlanAdvisor implements Advisor {
    private final String name;
    private final List<AdviceRule> rules;

    PlanAdvisor(String name, List<AdviceRule> rules) {
        this.name = requireNonNull(name, "name is null");
        this.rules = List.copyOf(rules);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Advice> advise(Evaluation evaluation) {
        CandidateAction candidate = evaluation.candidate();
        if (!(candidate instanceof CandidateAction.Execute || candidate instanceof CandidateAction.Delegate)
                || evaluation.object().state().compensating()) {
            return List.of();
        }
        StepView step = candidate.step().orElseThrow();
        List<Advice> advice = new ArrayList<>();
        for (AdviceRule rule : rules) {
            if (!applies(rule, evaluation, step)) {
                continue;
            }
            if (rule.suggest().isPresent()) {
                advice.add(Advice.suggest(rule.suggest().get(), rule.rationale()));
            } else {
                insertion(
                                rule,
                                evaluation.object().intent(),
                                evaluation.object().state(),
                                step)
                        .ifPresent(patch -> advice.add(Advice.mutate(patch, rule.rationale())));
            }
        }
        return advice;
    }

    private static boolean applies(AdviceRule rule, Evaluation evaluation, StepView step) {
        if (rule.whenOperation().isPresent() && !rule.whenOperation().get().matches(step.operation())) {
            return false;
        }
        Map<String, String> labels = evaluation.object().context().labels();
        for (Map.Entry<String, String> l : rule.whenLabels().entrySet()) {
            if (!l.getValue().equals(labels.get(l.getKey()))) {
                return false;
            }
        }
        if (rule.amountAbove().isPresent()) {
            OptionalDouble amount =
                    JsonValues.number(JsonValues.at(evaluation.object().intent().input(), rule.amountField())
                            .or(() -> JsonValues.at(step.params(), rule.amountField()))
                            .orElse(null));
            return amount.isPresent()
                    && amount.getAsDouble() > rule.amountAbove().getAsDouble();
        }
        return true;
    }

    /** The patch inserting the rule's step, unless the step is already planned or the place has passed. */
    private static Optional<PlanPatch> insertion(
            AdviceRule rule, IntentView intent, StateView state, StepView current) {
        StepView inserted = rule.insert().orElseThrow();
        if (intent.step(inserted.id()).isPresent()) {
            return Optional.empty();
        }
        AdviceRule.Anchor anchor = rule.anchor().orElse(new AdviceRule.Anchor(current.id(), true));
        List<StepView> steps = intent.steps();
        int at = -1;
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).id().equals(anchor.stepId())) {
                at = i;
            }
        }
        if (at < 0) {
            return Optional.empty();
        }
        int insertAt = anchor.before() ? at : at + 1;
        for (int i = insertAt; i < steps.size(); i++) {
            String id = steps.get(i).id();
            if (state.attempts().getOrDefault(id, 0) > 0
                    || state.completedSteps().contains(id)) {
                return Optional.empty(); // never rewrite the past: everything after the insertion is still to run
            }
        }
        String after = insertAt == 0 ? "" : steps.get(insertAt - 1).id();
        return Optional.of(PlanPatch.insertAfter(after, inserted));
    }
}
