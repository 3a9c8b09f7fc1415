package io.mre.plugins.examples;

import static io.mre.testkit.TestObjects.intent;
import static org.assertj.core.api.Assertions.assertThat;

import io.mre.spi.HandlerResult;
import io.mre.spi.Invocation;
import io.mre.spi.PluginSettings;
import io.mre.testkit.ObjectBuilder;
import io.mre.testkit.PolicyHarness;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdempotentTest {
    private final PolicyHarness harness = PolicyHarness.defaults();
    private final ObjectBuilder object =
            intent("test").step("pay", "payment.transfer").input("amount", 10);
    private final AtomicInteger calls = new AtomicInteger();
    private final FunctionHandler counting = new FunctionHandler(
            "payment.transfer", inv -> HandlerResult.success(Map.of("call", (long) calls.incrementAndGet())));

    @Test
    void sameKey_sameOutputWithoutRunningAgain() throws Exception {
        Idempotent handler = new Idempotent(counting, 8);
        Invocation inv = harness.invocation(object, "pay");

        HandlerResult first = handler.handle(inv);

        assertThat(handler.handle(inv)).isEqualTo(first);
        assertThat(handler.executions()).isEqualTo(1);
    }

    @Test
    void otherKey_runsAgain() throws Exception {
        Idempotent handler = new Idempotent(counting, 8);

        handler.handle(harness.invocation(object, "pay"));
        handler.handle(harness.invocation(object.withObjectId("0194f6a0-0000-7000-8000-000000000002"), "pay"));

        assertThat(handler.executions()).isEqualTo(2);
    }

    @Test
    void failures_areNotRemembered() throws Exception {
        Idempotent handler = new Idempotent(
                new FunctionHandler("x", inv -> {
                    calls.incrementAndGet();
                    return HandlerResult.retryableFailure("DOWN", "down");
                }),
                8);
        Invocation inv = harness.invocation(object, "pay");

        handler.handle(inv);
        handler.handle(inv);

        assertThat(handler.executions()).isEqualTo(2);
    }

    @Test
    void memory_isBounded() throws Exception {
        Idempotent handler = new Idempotent(counting, 1);
        Invocation a = harness.invocation(object, "pay");
        Invocation b = harness.invocation(object.withObjectId("0194f6a0-0000-7000-8000-000000000002"), "pay");

        handler.handle(a);
        handler.handle(b);
        handler.handle(a);

        assertThat(handler.executions()).as("a was forgotten when b came").isEqualTo(3);
    }

    @Test
    void everyPluginHandler_deduplicates() throws Exception {
        for (var factory : new ExampleHandlersPlugin().handlers()) {
            assertThat(factory.create(new PluginSettings(factory.name(), Map.of())))
                    .as(factory.name())
                    .isInstanceOf(Idempotent.class);
        }
    }
}
