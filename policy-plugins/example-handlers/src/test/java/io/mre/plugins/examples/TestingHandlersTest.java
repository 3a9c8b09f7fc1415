package io.mre.plugins.examples;

import static io.mre.testkit.MreAssertions.assertThatResult;
import static io.mre.testkit.TestObjects.intent;
import static io.mre.testkit.TestObjects.withParam;
import static io.mre.testkit.TestObjects.withRetries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mre.spi.HandlerResult;
import io.mre.spi.InvalidSettingsException;
import io.mre.spi.OperationHandler;
import io.mre.testkit.ObjectBuilder;
import io.mre.testkit.PolicyHarness;
import io.mre.testkit.StepOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestingHandlersTest {
    private final PolicyHarness harness = PolicyHarness.defaults();

    private static ObjectBuilder oneStep(String operation, Object... params) {
        ObjectBuilder b = intent("test");
        StepOption[] options = new StepOption[params.length / 2 + 1];
        for (int i = 0; i < params.length; i += 2) {
            options[i / 2] = withParam((String) params[i], params[i + 1]);
        }
        options[options.length - 1] = withRetries(5);
        return b.step("run", operation, options).input("customer", "C-42").input("amount", 1200);
    }

    @Test
    void echo_returnsTheParams() {
        OperationHandler echo = Handlers.create("echo");

        assertThatResult(harness.invoke(echo, oneStep("echo", "greeting", "hello"), "run"))
                .hasOutput(Map.of("greeting", "hello"));
    }

    @Test
    void echo_withInput_addsIt() {
        OperationHandler echo = Handlers.create("echo", Map.of("includeInput", true));

        assertThatResult(harness.invoke(echo, oneStep("echo"), "run"))
                .hasOutputEntry("input", Map.of("customer", "C-42", "amount", 1200.0));
    }

    @Test
    void echo_underAnotherOperationName() {
        OperationHandler audit = Handlers.create("echo", Map.of("operation", "audit.log"));

        assertThat(audit.operation()).isEqualTo("audit.log");
        assertThatResult(harness.invoke(audit, oneStep("audit.log", "a", true), "run"))
                .hasOutput(Map.of("a", true));
    }

    @Test
    void score_isDeterministicAndWithinRange() {
        OperationHandler score = Handlers.create("score", Map.of("min", 10, "max", 20));
        ObjectBuilder object = oneStep("score");

        HandlerResult first = harness.invoke(score, object, "run");
        assertThat(first)
                .isEqualTo(harness.invoke(
                        Handlers.create("score", Map.of("min", 10, "max", 20)),
                        object.withObjectId("0194f6a0-0000-7000-8000-0000000000ff"),
                        "run"));
        assertThat((Long) ((HandlerResult.Success) first).output().get("score")).isBetween(10L, 20L);
    }

    @Test
    void score_dependsOnTheChosenField() {
        Map<String, Object> byCustomer = Map.of("field", "customer", "max", 1_000_000);
        // A new handler each time: one handler answers a repeated idempotency key from memory.
        long a = score(harness.invoke(Handlers.create("score", byCustomer), oneStep("score"), "run"));
        long b = score(harness.invoke(
                Handlers.create("score", byCustomer), oneStep("score").input("customer", "C-43"), "run"));
        long sameCustomer = score(harness.invoke(
                Handlers.create("score", byCustomer), oneStep("score").input("amount", 5), "run"));

        assertThat(a).isNotEqualTo(b).isEqualTo(sameCustomer);
    }

    private static long score(HandlerResult r) {
        return (Long) ((HandlerResult.Success) r).output().get("score");
    }

    @Test
    void fail_alwaysByDefault() {
        OperationHandler fail = Handlers.create("fail");

        assertThatResult(harness.invoke(fail, oneStep("fail").attempts("run", 3), "run"))
                .isRetryableFailure()
                .hasFailureCode("INJECTED_FAILURE")
                .hasFailureMessageContaining("attempt 4");
    }

    @Test
    void fail_firstTimesThenSucceeds() {
        OperationHandler flaky = Handlers.create(
                "fail",
                Map.of("times", 2, "operation", "notify.customer", "code", "SMTP_DOWN", "message", "mail server down"));
        ObjectBuilder object = oneStep("notify.customer", "to", "a@example.com");

        assertThatResult(harness.invoke(flaky, object, "run"))
                .isRetryableFailure()
                .hasFailureCode("SMTP_DOWN")
                .hasFailureMessageContaining("mail server down");
        assertThatResult(harness.invoke(flaky, object.attempts("run", 1), "run"))
                .isFailure();
        assertThatResult(harness.invoke(flaky, object.attempts("run", 2), "run"))
                .isSuccess()
                .hasOutput(Map.of("to", "a@example.com", "attempt", 3L));
    }

    @Test
    void fail_notRetryable_isPermanent() {
        assertThatResult(harness.invoke(Handlers.create("fail", Map.of("retryable", false)), oneStep("fail"), "run"))
                .isPermanentFailure();
    }

    @Test
    void sleep_waitsTheParamCappedByMax() {
        Map<String, Object> settings = Map.of("duration", "1ms", "max", "5ms");

        assertThatResult(harness.invoke(Handlers.create("sleep", settings), oneStep("sleep"), "run"))
                .hasOutput(Map.of("sleptMs", 1L));
        assertThatResult(harness.invoke(Handlers.create("sleep", settings), oneStep("sleep", "ms", 2), "run"))
                .hasOutput(Map.of("sleptMs", 2L));
        assertThatResult(harness.invoke(Handlers.create("sleep", settings), oneStep("sleep", "ms", 60_000), "run"))
                .hasOutput(Map.of("sleptMs", 5L));
    }

    @Test
    void settings_badValues_failNamingTheKey() {
        assertThatThrownBy(() -> Handlers.create("echo", Map.of("includeInput", "sometimes")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'includeInput'");
        assertThatThrownBy(() -> Handlers.create("score", Map.of("min", 5, "max", 1)))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'max'");
        assertThatThrownBy(() -> Handlers.create("fail", Map.of("times", -1)))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'times'");
        assertThatThrownBy(() -> Handlers.create("sleep", Map.of("duration", "1m")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'duration'");
        assertThatThrownBy(() -> Handlers.create("echo", Map.of("operation", " ")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'operation'");
        assertThatThrownBy(() -> Handlers.create("echo", Map.of("rememberKeys", 0)))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'rememberKeys'");
        assertThatThrownBy(() -> Handlers.create("echo", Map.of("verbose", true)))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("verbose");
    }

    @Test
    void plugin_offersEveryHandler() {
        assertThat(new ExampleHandlersPlugin().handlers())
                .extracting(f -> f.name())
                .containsExactlyInAnyOrderElementsOf(List.of(
                        "echo",
                        "score",
                        "fail",
                        "sleep",
                        "claim.register",
                        "fraud.check",
                        "credit.check",
                        "reinsurance.quote",
                        "payment.transfer",
                        "payment.refund",
                        "notify.customer"));
    }
}
