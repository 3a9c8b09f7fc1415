package io.mre.node.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.mre.engine.decide.PluginFailures.Kind;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A plugin that throws is logged once at WARN with plugin, object, step and stack trace; rate-limited per plugin. */
class PluginFailureLogTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-03T10:00:00Z"));
    private final InstantSource clock = () -> now.get();
    private final PluginFailureLog log =
            new PluginFailureLog(clock, Duration.ofMinutes(1), LoggerFactory.getLogger(PluginFailureLog.class));

    @Test
    void failure_isOneWarnWithPluginObjectStepAndStackTrace() {
        try (LogCapture capture = LogCapture.of(PluginFailureLog.class)) {
            log.failed(Kind.POLICY, "amount-cap", "obj-1", "pay", new ClassCastException("Long cannot be cast"));

            assertThat(capture.lines())
                    .containsExactly("WARN policy 'amount-cap' threw on object obj-1 step 'pay': "
                            + "the action is rejected (policy error)");
            assertThat(capture.throwables())
                    .containsExactly("java.lang.ClassCastException: Long cannot be cast (with stack trace)");
        }
    }

    @Test
    void repeatedFailuresOfOnePlugin_areLoggedOncePerQuietPeriodAndCounted() {
        try (LogCapture capture = LogCapture.of(PluginFailureLog.class)) {
            for (int i = 0; i < 5; i++) {
                log.failed(Kind.HANDLER, "payment.transfer", "obj-" + i, "pay", new IllegalStateException("down"));
            }
            log.failed(Kind.ADVISOR, "oracle", "obj-9", "", new IllegalStateException("model unavailable"));
            now.set(now.get().plus(Duration.ofSeconds(61)));
            log.failed(Kind.HANDLER, "payment.transfer", "obj-6", "pay", new IllegalStateException("down"));

            assertThat(capture.lines())
                    .containsExactly(
                            "WARN handler 'payment.transfer' threw on object obj-0 step 'pay': the step fails with "
                                    + "HANDLER_ERROR",
                            "WARN advisor 'oracle' threw on object obj-9 step '': its advice is recorded as failed",
                            "WARN handler 'payment.transfer' threw on object obj-6 step 'pay': the step fails with "
                                    + "HANDLER_ERROR (4 more failure(s) of this handler in the last 60 s were not logged)");
        }
    }
}
