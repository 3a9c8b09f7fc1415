package io.mre.plugins.timewindow;

import static java.util.Objects.requireNonNull;

import io.mre.plugins.support.Glob;
import io.mre.spi.CandidateAction;
import io.mre.spi.Evaluation;
import io.mre.spi.Policy;
import io.mre.spi.Reentry;
import io.mre.spi.Verdict;
import java.time.Instant;
import java.util.Optional;

/**
 * Defers the execution of matching operations outside a time window, until the window opens: the object goes
 * dormant with a time reentry condition and, re-evaluated after it re-enters, is permitted. Other candidates
 * (delegations, compensations, plan changes) are not judged. Deterministic given the object and
 * {@link Evaluation#now()}; immutable, so thread-safe.
 */
final class TimeWindowPolicy implements Policy {
    private final String name;
    private final Glob operations;
    private final Window window;

    TimeWindowPolicy(String name, Glob operations, Window window) {
        this.name = requireNonNull(name, "name is null");
        this.operations = requireNonNull(operations, "operations is null");
        this.window = requireNonNull(window, "window is null");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Verdict evaluate(Evaluation evaluation) {
        if (!(evaluation.candidate() instanceof CandidateAction.Execute execute)) {
            return Verdict.permit("only step executions wait for the window");
        }
        String operation = execute.target().operation();
        if (!operations.matches(operation)) {
            return Verdict.permit("'" + operation + "' is not time-restricted");
        }
        Optional<Instant> opening = window.nextOpening(evaluation.now(), evaluation.object(), execute.target());
        return opening.<Verdict>map(at -> Verdict.defer(
                        Reentry.at(at),
                        "'" + operation + "' runs only within the window (" + window.describe() + "); it opens at "
                                + at))
                .orElseGet(() -> Verdict.permit("within the window (" + window.describe() + ")"));
    }
}
