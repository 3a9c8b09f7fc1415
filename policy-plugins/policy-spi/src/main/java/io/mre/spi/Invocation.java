package io.mre.spi;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * One call of an {@link OperationHandler}.
 *
 * @param objectId the object's id
 * @param stepId the step being run
 * @param attempt the attempt number, from 1
 * @param idempotencyKey {@code object_id/step_id/attempt} (plus {@code /compensate} for a compensation):
 *     the same key means the same logical call
 * @param compensation true when this undoes the step rather than running it
 * @param params the step's (or compensation's) parameters
 * @param input the intent's input
 * @param outputs outputs of the steps completed so far, by step id (copied unless it is a {@link FrozenMap})
 * @param context the object's context
 */
public record Invocation(
        String objectId,
        String stepId,
        int attempt,
        String idempotencyKey,
        boolean compensation,
        Map<String, Object> params,
        Map<String, Object> input,
        Map<String, Map<String, Object>> outputs,
        ContextView context) {
    public Invocation {
        requireNonNull(objectId, "objectId is null");
        requireNonNull(stepId, "stepId is null");
        requireNonNull(idempotencyKey, "idempotencyKey is null");
        params = Map.copyOf(params);
        input = Map.copyOf(input);
        outputs = outputs instanceof FrozenMap<String, Map<String, Object>> frozen ? frozen : Map.copyOf(outputs);
        requireNonNull(context, "context is null");
    }
}
