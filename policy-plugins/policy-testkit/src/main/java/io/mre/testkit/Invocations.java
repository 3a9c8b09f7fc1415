package io.mre.testkit;

import io.mre.engine.view.Values;
import io.mre.engine.view.Views;
import io.mre.proto.v1.Step;
import io.mre.spi.Invocation;
import java.util.HashMap;
import java.util.Map;

/** Builds handler invocations as the engine does (idempotency key {@code object_id/step_id/attempt[/compensate]}). */
final class Invocations {
    private Invocations() {}

    static Invocation of(ObjectBuilder object, String stepId, boolean compensation) {
        ObjectBuilder.Folded f = object.fold();
        Step step = f.intent().getStepsList().stream()
                .filter(s -> s.getId().equals(stepId))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no step '" + stepId + "' in the plan "
                        + f.intent().getStepsList().stream().map(Step::getId).toList()));
        if (compensation && !step.hasCompensation()) {
            throw new IllegalArgumentException("step '" + stepId + "' has no compensation");
        }
        int attempt = 1
                + (compensation
                        ? f.state().compensationAttempts().getOrDefault(stepId, 0)
                        : f.state().attemptsOf(stepId));
        String key = object.objectId() + "/" + stepId + "/" + attempt + (compensation ? "/compensate" : "");
        Map<String, Map<String, Object>> outputs = new HashMap<>();
        f.state().outputs().forEach((k, v) -> outputs.put(k, Values.toMap(v)));
        return new Invocation(
                object.objectId(),
                stepId,
                attempt,
                key,
                compensation,
                Values.toMap(compensation ? step.getCompensation().getParams() : step.getParams()),
                Values.toMap(f.intent().getInput()),
                outputs,
                Views.context(f.context()));
    }
}
