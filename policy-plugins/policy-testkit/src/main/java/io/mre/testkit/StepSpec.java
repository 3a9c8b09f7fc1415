package io.mre.testkit;

import static java.util.Objects.requireNonNull;

import io.mre.spi.Reentry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One step of a test object's plan. Immutable: each {@code withX} returns a copy. Usually shaped with
 * {@link StepOption}s rather than directly.
 *
 * <pre>{@code
 * TestObjects.intent("claim.settle")
 *         .step("pay", "payment.transfer", withParam("amount", 12_000), withCompensation("payment.refund"));
 * }</pre>
 *
 * @param id unique id within the plan
 * @param operation the operation a handler executes
 * @param params the handler's parameters (JSON-like values)
 * @param routingDomain the trust domain that must run it, empty for any
 * @param requiredCapabilities capabilities the node must advertise
 * @param requiredLabels labels the node must carry
 * @param compensationOperation the operation that undoes it, empty for none
 * @param compensationParams the compensation's parameters
 * @param maxAttempts total attempts allowed (at least 1)
 * @param await a condition the step waits for before its first attempt, if any
 */
public record StepSpec(
        String id,
        String operation,
        Map<String, Object> params,
        String routingDomain,
        List<String> requiredCapabilities,
        Map<String, String> requiredLabels,
        String compensationOperation,
        Map<String, Object> compensationParams,
        int maxAttempts,
        Optional<Reentry> await) {
    public StepSpec {
        requireNonNull(id, "id is null");
        requireNonNull(operation, "operation is null");
        params = Map.copyOf(params);
        requireNonNull(routingDomain, "routingDomain is null");
        requiredCapabilities = List.copyOf(requiredCapabilities);
        requiredLabels = Map.copyOf(requiredLabels);
        requireNonNull(compensationOperation, "compensationOperation is null");
        compensationParams = Map.copyOf(compensationParams);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
        }
        requireNonNull(await, "await is null");
    }

    /** A plain step: any domain, no requirements, no compensation, one attempt. */
    public static StepSpec of(String id, String operation) {
        return new StepSpec(id, operation, Map.of(), "", List.of(), Map.of(), "", Map.of(), 1, Optional.empty());
    }

    public StepSpec withParams(Map<String, ?> params) {
        return new StepSpec(
                id,
                operation,
                Map.copyOf(params),
                routingDomain,
                requiredCapabilities,
                requiredLabels,
                compensationOperation,
                compensationParams,
                maxAttempts,
                await);
    }

    /** Adds (or replaces) one parameter. */
    public StepSpec withParam(String key, Object value) {
        Map<String, Object> p = new LinkedHashMap<>(params);
        p.put(requireNonNull(key, "key is null"), requireNonNull(value, "value is null"));
        return withParams(p);
    }

    public StepSpec withRoutingDomain(String domain) {
        return new StepSpec(
                id,
                operation,
                params,
                domain,
                requiredCapabilities,
                requiredLabels,
                compensationOperation,
                compensationParams,
                maxAttempts,
                await);
    }

    /** Adds a required capability. */
    public StepSpec withRequiredCapability(String capability) {
        List<String> c = new ArrayList<>(requiredCapabilities);
        c.add(requireNonNull(capability, "capability is null"));
        return new StepSpec(
                id,
                operation,
                params,
                routingDomain,
                c,
                requiredLabels,
                compensationOperation,
                compensationParams,
                maxAttempts,
                await);
    }

    /** Adds a required node label. */
    public StepSpec withRequiredLabel(String key, String value) {
        Map<String, String> l = new LinkedHashMap<>(requiredLabels);
        l.put(requireNonNull(key, "key is null"), requireNonNull(value, "value is null"));
        return new StepSpec(
                id,
                operation,
                params,
                routingDomain,
                requiredCapabilities,
                l,
                compensationOperation,
                compensationParams,
                maxAttempts,
                await);
    }

    public StepSpec withCompensation(String operation, Map<String, ?> params) {
        return new StepSpec(
                id,
                this.operation,
                this.params,
                routingDomain,
                requiredCapabilities,
                requiredLabels,
                operation,
                Map.copyOf(params),
                maxAttempts,
                await);
    }

    public StepSpec withMaxAttempts(int maxAttempts) {
        return new StepSpec(
                id,
                operation,
                params,
                routingDomain,
                requiredCapabilities,
                requiredLabels,
                compensationOperation,
                compensationParams,
                maxAttempts,
                await);
    }

    public StepSpec withAwait(Reentry condition) {
        return new StepSpec(
                id,
                operation,
                params,
                routingDomain,
                requiredCapabilities,
                requiredLabels,
                compensationOperation,
                compensationParams,
                maxAttempts,
                Optional.of(condition));
    }
}
