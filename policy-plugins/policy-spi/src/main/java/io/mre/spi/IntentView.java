package io.mre.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The intent: workflow name and version, input, and the plan of steps in order. */
public record IntentView(String name, String version, Map<String, Object> input, List<StepView> steps) {
    public IntentView {
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        input = Map.copyOf(input);
        steps = List.copyOf(steps);
    }

    /** The step with this id, if the plan has it. */
    public Optional<StepView> step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
