package io.mre.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * A step of the plan. Also used to describe a new step in a {@link PlanPatch}.
 *
 * @param id unique id within the plan
 * @param operation the operation a handler executes, e.g. {@code credit.check}
 * @param params the handler's parameters
 * @param routingDomain the trust domain that must run it, empty for any
 * @param requiredCapabilities capabilities the node must advertise
 * @param requiredLabels labels the node must carry
 * @param compensationOperation the operation that undoes it, empty for none
 * @param maxAttempts total attempts allowed (at least 1)
 */
public record StepView(
        String id,
        String operation,
        Map<String, Object> params,
        String routingDomain,
        List<String> requiredCapabilities,
        Map<String, String> requiredLabels,
        String compensationOperation,
        int maxAttempts) {
    public StepView {
        requireNonNull(id, "id is null");
        requireNonNull(operation, "operation is null");
        params = Map.copyOf(params);
        requireNonNull(routingDomain, "routingDomain is null");
        requiredCapabilities = List.copyOf(requiredCapabilities);
        requiredLabels = Map.copyOf(requiredLabels);
        requireNonNull(compensationOperation, "compensationOperation is null");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
        }
    }

    /** A plain step: any domain, no requirements, no compensation, one attempt. */
    public static StepView of(String id, String operation, Map<String, Object> params) {
        return new StepView(id, operation, params, "", List.of(), Map.of(), "", 1);
    }
}
