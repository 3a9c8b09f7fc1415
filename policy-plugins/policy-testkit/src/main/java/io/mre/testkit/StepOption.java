package io.mre.testkit;

/**
 * Shapes a step as it is added to a test object; the factories are in {@link TestObjects}.
 *
 * <pre>{@code
 * intent("claim.settle").step("pay", "payment.transfer", withCompensation("payment.refund"), withRetries(3));
 * }</pre>
 */
@FunctionalInterface
public interface StepOption {
    /** Returns {@code step} with this option applied. */
    StepSpec applyTo(StepSpec step);
}
