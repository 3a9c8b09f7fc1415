package io.mre.testkit;

import io.mre.spi.HandlerResult;
import java.util.Map;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on an operation handler's {@link HandlerResult}; start with {@link MreAssertions#assertThatResult}.
 *
 * <pre>{@code
 * assertThatResult(harness.invoke(new CreditCheck(), claim, "check")).isSuccess().hasOutputEntry("score", 700);
 * assertThatResult(harness.invoke(throwing, claim, "check")).isRetryableFailure().hasFailureCode("HANDLER_ERROR");
 * }</pre>
 */
public final class HandlerResultAssert extends AbstractAssert<HandlerResultAssert, HandlerResult> {
    HandlerResultAssert(HandlerResult actual) {
        super(actual, HandlerResultAssert.class);
    }

    public HandlerResultAssert isSuccess() {
        isNotNull();
        if (!(actual instanceof HandlerResult.Success)) {
            failWithMessage("Expected a success but was %s", actual);
        }
        return this;
    }

    public HandlerResultAssert isFailure() {
        isNotNull();
        if (!(actual instanceof HandlerResult.Failure)) {
            failWithMessage("Expected a failure but was %s", actual);
        }
        return this;
    }

    /** A failure another attempt may fix. */
    public HandlerResultAssert isRetryableFailure() {
        if (!failure().retryable()) {
            failWithMessage("Expected a retryable failure but was %s", actual);
        }
        return this;
    }

    /** A failure another attempt will not fix. */
    public HandlerResultAssert isPermanentFailure() {
        if (failure().retryable()) {
            failWithMessage("Expected a permanent (non-retryable) failure but was %s", actual);
        }
        return this;
    }

    public HandlerResultAssert hasFailureCode(String code) {
        if (!failure().code().equals(code)) {
            failWithMessage("Expected failure code <%s> but was %s", code, actual);
        }
        return this;
    }

    public HandlerResultAssert hasFailureMessageContaining(String text) {
        if (!failure().message().contains(text)) {
            failWithMessage("Expected a failure message containing <%s> but was %s", text, actual);
        }
        return this;
    }

    /** The output maps {@code key} to {@code value}. */
    public HandlerResultAssert hasOutputEntry(String key, Object value) {
        isSuccess();
        Map<String, Object> output = ((HandlerResult.Success) actual).output();
        if (!output.containsKey(key) || !Objects.equals(output.get(key), value)) {
            failWithMessage("Expected output entry %s=%s but the output was %s", key, value, output);
        }
        return this;
    }

    /** The output is exactly {@code output}. */
    public HandlerResultAssert hasOutput(Map<String, ?> output) {
        isSuccess();
        if (!((HandlerResult.Success) actual).output().equals(output)) {
            failWithMessage("Expected output %s but was %s", output, ((HandlerResult.Success) actual).output());
        }
        return this;
    }

    private HandlerResult.Failure failure() {
        isFailure();
        return (HandlerResult.Failure) actual;
    }
}
