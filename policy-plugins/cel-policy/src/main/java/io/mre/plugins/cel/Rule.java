package io.mre.plugins.cel;

import static java.util.Objects.requireNonNull;

import io.mre.spi.Verdict;
import java.util.Map;

/** One guard: when {@code when} holds, the policy answers {@code verdict} (the first matching rule wins). */
record Rule(String name, CelEnvironment.Compiled when, Verdict verdict) {
    Rule {
        requireNonNull(name, "name is null");
        requireNonNull(when, "when is null");
        requireNonNull(verdict, "verdict is null");
    }

    /** Whether the rule applies; throws {@link IllegalStateException} when it cannot be evaluated. */
    boolean matches(Map<String, ?> variables) {
        return when.holds(variables);
    }
}
