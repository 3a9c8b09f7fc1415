package io.mre.plugins.cel;

import static java.util.Objects.requireNonNull;

import io.mre.spi.Evaluation;
import io.mre.spi.Policy;
import io.mre.spi.Verdict;
import java.util.List;
import java.util.Map;

/**
 * Guards written in CEL: the rules are tried in order and the first whose {@code when} holds gives the verdict;
 * when none holds the policy answers {@code otherwise} (PERMIT by default). A rule that cannot be evaluated
 * (a missing key, a type error) fails closed with REJECT naming the rule. The rules are compiled once, when the
 * policy is created; the policy is immutable, so thread-safe.
 */
final class CelPolicy implements Policy {
    private final String name;
    private final List<Rule> rules;
    private final Verdict otherwise;

    CelPolicy(String name, List<Rule> rules, Verdict otherwise) {
        this.name = requireNonNull(name, "name is null");
        this.rules = List.copyOf(rules);
        this.otherwise = requireNonNull(otherwise, "otherwise is null");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Verdict evaluate(Evaluation evaluation) {
        Map<String, Object> variables =
                Bindings.guard(evaluation.object(), evaluation.candidate(), evaluation.node(), evaluation.now());
        for (Rule rule : rules) {
            boolean matches;
            try {
                matches = rule.matches(variables);
            } catch (IllegalStateException e) {
                return Verdict.reject(
                        "policy error: rule '" + rule.name() + "' could not be evaluated: " + e.getMessage());
            }
            if (matches) {
                return rule.verdict();
            }
        }
        return otherwise;
    }
}
