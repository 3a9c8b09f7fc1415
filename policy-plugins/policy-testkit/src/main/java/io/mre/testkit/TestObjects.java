package io.mre.testkit;

import io.mre.spi.Reentry;
import java.util.Map;

/**
 * Where test objects start, and the options that shape their steps. Import statically.
 *
 * <pre>{@code
 * import static io.mre.testkit.TestObjects.*;
 *
 * ObjectBuilder claim = intent("claim.settle")
 *         .step("check", "credit.check")
 *         .step("pay", "payment.transfer", withParam("amount", 12_000), withCompensation("payment.refund"))
 *         .context(c -> c.withTenant("acme").withOwnerDomain("insurer.example"));
 * }</pre>
 */
public final class TestObjects {
    private TestObjects() {}

    /** An object whose intent is named {@code name}, with no steps yet (add at least one). */
    public static ObjectBuilder intent(String name) {
        return ObjectBuilder.named(name);
    }

    /** One parameter for the step's handler. */
    public static StepOption withParam(String key, Object value) {
        return s -> s.withParam(key, value);
    }

    /** The step's handler parameters. */
    public static StepOption withParams(Map<String, ?> params) {
        return s -> s.withParams(params);
    }

    /** The step is undone by {@code operation} when a later step fails for good. */
    public static StepOption withCompensation(String operation) {
        return s -> s.withCompensation(operation, Map.of());
    }

    /** As {@link #withCompensation(String)}, with parameters for the compensation. */
    public static StepOption withCompensation(String operation, Map<String, ?> params) {
        return s -> s.withCompensation(operation, params);
    }

    /** The step may be attempted {@code maxAttempts} times in all. */
    public static StepOption withRetries(int maxAttempts) {
        return s -> s.withMaxAttempts(maxAttempts);
    }

    /** Only a node of {@code domain} may run the step. */
    public static StepOption routedTo(String domain) {
        return s -> s.withRoutingDomain(domain);
    }

    /** Only a node labelled {@code key=value} may run the step. */
    public static StepOption requiringLabel(String key, String value) {
        return s -> s.withRequiredLabel(key, value);
    }

    /** Only a node advertising {@code capability} may run the step. */
    public static StepOption requiringCapability(String capability) {
        return s -> s.withRequiredCapability(capability);
    }

    /** The step waits for {@code condition} before its first attempt. */
    public static StepOption awaiting(Reentry condition) {
        return s -> s.withAwait(condition);
    }
}
