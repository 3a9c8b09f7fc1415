package io.mre.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mre.engine.object.IntentValidator;
import io.mre.spi.HandlerResult;
import io.mre.spi.Invocation;
import io.mre.spi.OperationHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The SPI contract every {@link OperationHandler} keeps, as JUnit 5 tests: extend it in your test sources and provide
 * the handler and, usually, a sample object whose step carries the parameters it needs.
 *
 * <pre>{@code
 * class CreditCheckContractTest extends OperationHandlerContractTest {
 *     protected OperationHandler handler() { return new CreditCheck(); }
 *
 *     protected ObjectBuilder sampleObject() {
 *         return intent("claim.settle").step("check", "credit.check", withParam("applicant", "A-1"));
 *     }
 * }
 * }</pre>
 *
 * <p>Checked: the operation is a well-formed, stable name; the handler answers the sample, a retry and (when the
 * sample's step names it as its compensation) a compensation without throwing and never with null; without
 * parameters it returns a failure rather than throw; the same idempotency key gets the same kind of result (a handler
 * with side effects must de-duplicate on it; skipped when {@link #isIdempotent()} is false); a success's output holds
 * only JSON-like values; concurrent calls with distinct keys all get an answer.
 */
public abstract class OperationHandlerContractTest {
    /** A new instance of the handler under test. */
    protected abstract OperationHandler handler();

    /** An object with a step running the handler's operation (the default has one such step, without parameters). */
    protected ObjectBuilder sampleObject() {
        return TestObjects.intent("contract.sample").step("run", handler().operation());
    }

    /** The step of {@link #sampleObject()} to run: the first whose operation (or compensation) is the handler's. */
    protected String sampleStepId() {
        String operation = handler().operation();
        return sampleObject().steps().stream()
                .filter(s -> s.operation().equals(operation)
                        || s.compensationOperation().equals(operation))
                .map(StepSpec::id)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("sampleObject() has no step running '" + operation + "'"));
    }

    /** The harness building invocations. */
    protected PolicyHarness harness() {
        return PolicyHarness.defaults();
    }

    /** False for a handler that cannot answer the same idempotency key the same way twice (skips that check). */
    protected boolean isIdempotent() {
        return true;
    }

    @Test
    public void operation_isAWellFormedStableName() {
        OperationHandler handler = handler();
        assertThat(handler.operation()).as("operation()").isNotNull().matches(IntentValidator.NAME);
        assertThat(handler.operation()).as("operation() called twice").isEqualTo(handler.operation());
        assertThat(handler().operation()).as("operation() of two instances").isEqualTo(handler.operation());
    }

    @Test
    public void handle_answersEveryInvocationWithAResult() {
        OperationHandler handler = handler();
        for (Invocation invocation : invocations()) {
            assertThat(handle(handler, invocation))
                    .as("result for %s", invocation.idempotencyKey())
                    .isNotNull();
        }
    }

    @Test
    public void handle_withoutParameters_failsInsteadOfThrowing() {
        OperationHandler handler = handler();
        String step = sampleStepId();
        ObjectBuilder bare = sampleObject().withHistory(List.of());
        List<StepSpec> steps = bare.steps().stream()
                .map(s -> s.id().equals(step)
                        ? s.withParams(Map.of()).withCompensation(s.compensationOperation(), Map.of())
                        : s)
                .toList();
        ObjectBuilder noParams = bare.withSteps(steps).withInput(Map.of());
        assertThat(handle(handler, invocation(noParams, step)))
                .as("result without parameters")
                .isNotNull();
    }

    @Test
    public void handle_sameIdempotencyKey_sameKindOfResult() {
        assumeTrue(isIdempotent(), "the handler declares it is not idempotent");
        OperationHandler handler = handler();
        for (Invocation invocation : invocations()) {
            HandlerResult first = handle(handler, invocation);
            HandlerResult again = handle(handler, invocation);
            assertThat(again)
                    .as("second result for key %s (first: %s)", invocation.idempotencyKey(), first)
                    .isInstanceOf(first.getClass());
        }
    }

    @Test
    public void handle_outputHoldsOnlyJsonLikeValues() {
        OperationHandler handler = handler();
        for (Invocation invocation : invocations()) {
            if (handle(handler, invocation) instanceof HandlerResult.Success s) {
                s.output().forEach((k, v) -> assertJsonLike(invocation.idempotencyKey() + " output." + k, v));
            }
        }
    }

    @Test
    public void handle_isThreadSafe() {
        OperationHandler handler = handler();
        List<Callable<HandlerResult>> calls = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            Invocation invocation = invocation(sampleObject().withObjectId("contract-object-" + i), sampleStepId());
            calls.add(() -> handler.handle(invocation));
        }
        List<HandlerResult> results = Concurrently.run(calls);
        assertThat(results).as("results of concurrent calls").doesNotContainNull();
    }

    private List<Invocation> invocations() {
        ObjectBuilder sample = sampleObject();
        String step = sampleStepId();
        StepSpec spec = sample.steps().stream()
                .filter(s -> s.id().equals(step))
                .findFirst()
                .orElseThrow();
        List<Invocation> out = new ArrayList<>();
        if (spec.operation().equals(handler().operation())) {
            out.add(invocation(sample, step));
            out.add(harness().invocation(sample.withObjectId("contract-retry").attempts(step, 1), step));
        }
        if (spec.compensationOperation().equals(handler().operation())) {
            out.add(harness().compensationInvocation(sample, step));
        }
        return out;
    }

    private Invocation invocation(ObjectBuilder object, String step) {
        StepSpec spec = object.steps().stream()
                .filter(s -> s.id().equals(step))
                .findFirst()
                .orElseThrow();
        return spec.operation().equals(handler().operation())
                ? harness().invocation(object, step)
                : harness().compensationInvocation(object, step);
    }

    private static HandlerResult handle(OperationHandler handler, Invocation invocation) {
        try {
            return handler.handle(invocation);
        } catch (Exception | Error t) {
            return fail(
                    String.format(
                            "handler '%s' threw on %s (a node records a retryable HANDLER_ERROR; return "
                                    + "HandlerResult.failure(code, message) instead): %s",
                            handler.operation(), invocation.idempotencyKey(), t),
                    t);
        }
    }

    private static void assertJsonLike(String path, Object v) {
        assertThat(v).as("%s (JSON values only; null is dropped)", path).isNotNull();
        switch (v) {
            case String s -> {}
            case Number n -> {}
            case Boolean b -> {}
            case Map<?, ?> m -> m.forEach((k, x) -> assertJsonLike(path + "." + k, x));
            case List<?> l -> {
                for (int i = 0; i < l.size(); i++) {
                    assertJsonLike(path + "[" + i + "]", l.get(i));
                }
            }
            default ->
                fail(
                        "%s is a %s: only String, Number, Boolean, List and Map are recorded faithfully",
                        path, v.getClass().getName());
        }
    }
}
