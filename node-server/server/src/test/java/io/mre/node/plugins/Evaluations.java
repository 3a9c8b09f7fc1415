package io.mre.node.plugins;

import io.mre.spi.CandidateAction;
import io.mre.spi.ContextView;
import io.mre.spi.Evaluation;
import io.mre.spi.IntentView;
import io.mre.spi.Lifecycle;
import io.mre.spi.NodeFacts;
import io.mre.spi.ObjectView;
import io.mre.spi.StateView;
import io.mre.spi.StepView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The smallest evaluation a policy can be asked about: a fresh one-step object, executing its step. */
final class Evaluations {
    private Evaluations() {}

    static Evaluation executingOneStep() {
        StepView step = StepView.of("s1", "work", Map.of());
        ObjectView object = new ObjectView(
                "obj-1",
                "test.example",
                new IntentView("test", "1", Map.of(), List.of(step)),
                new ContextView(
                        "tenant", "test.example", "", List.of(), List.of(), Optional.empty(), 0, 0, 0, Map.of()),
                new StateView(
                        Lifecycle.ACTIVE,
                        Optional.of("s1"),
                        Map.of(),
                        Set.of(),
                        Map.of(),
                        0,
                        0,
                        List.of(),
                        false,
                        List.of()),
                List.of());
        return new Evaluation(
                object,
                new CandidateAction.Execute(step, 1),
                new NodeFacts("n1", "test.example", Map.of(), Set.of("work")),
                Instant.parse("2026-01-05T10:00:00Z"));
    }
}
