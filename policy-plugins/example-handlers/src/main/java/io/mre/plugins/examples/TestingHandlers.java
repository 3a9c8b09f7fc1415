package io.mre.plugins.examples;

import io.mre.spi.HandlerResult;
import io.mre.spi.InvalidSettingsException;
import io.mre.spi.PluginSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Handlers for tests and demos:
 *
 * <pre>{@code
 * handlers:
 *   - name: echo                       # output = the step's params (+ input with includeInput: true)
 *   - name: score                      # output {score}: a number in [min, max] derived from the input
 *     settings: {field: customer, min: 0, max: 100}
 *   - name: fail                       # fails the first `times` attempts (absent: every attempt)
 *     settings: {operation: notify.customer, times: 2, retryable: true, code: DOWN, message: "smtp down"}
 *   - name: sleep                      # waits `duration` (or params.ms), at most `max`
 *     settings: {duration: 200ms, max: 5s}
 * }</pre>
 */
final class TestingHandlers {
    private TestingHandlers() {}

    static List<HandlerFactory> factories() {
        return List.of(
                HandlerFactory.of("echo", TestingHandlers::echo, "includeInput"),
                HandlerFactory.of("score", TestingHandlers::score, "field", "min", "max", "salt"),
                HandlerFactory.of("fail", TestingHandlers::fail, "times", "retryable", "code", "message"),
                HandlerFactory.of("sleep", TestingHandlers::sleep, "duration", "max"));
    }

    private static FunctionHandler echo(PluginSettings settings, String operation) {
        boolean includeInput = settings.flag("includeInput", false);
        return new FunctionHandler(operation, inv -> {
            Map<String, Object> out = new LinkedHashMap<>(inv.params());
            if (includeInput) {
                out.put("input", inv.input());
            }
            return HandlerResult.success(out);
        });
    }

    private static FunctionHandler score(PluginSettings settings, String operation) {
        String field = settings.string("field", "").trim();
        long min = settings.number("min", 0);
        long max = settings.number("max", 100);
        if (max < min) {
            throw new InvalidSettingsException(
                    settings.owner() + ": setting 'max' (" + max + ") is below 'min' (" + min + ")");
        }
        String salt = settings.string("salt", "");
        return new FunctionHandler(operation, inv -> {
            Object source =
                    field.isEmpty() ? inv.input() : Values.param(inv, field).orElse("");
            long span = max - min + 1;
            long score = min + Math.floorMod(Values.hash(salt + Values.canonical(source)), span);
            return HandlerResult.success(Map.of("score", score));
        });
    }

    private static FunctionHandler fail(PluginSettings settings, String operation) {
        boolean always = !settings.values().containsKey("times");
        long times = settings.number("times", 0);
        if (times < 0) {
            throw new InvalidSettingsException(settings.owner() + ": setting 'times' must not be negative, got '"
                    + settings.values().get("times") + "'");
        }
        boolean retryable = settings.flag("retryable", true);
        String code = settings.string("code", "INJECTED_FAILURE");
        String message = settings.string("message", "failure injected by the 'fail' handler");
        return new FunctionHandler(operation, inv -> {
            if (always || inv.attempt() <= times) {
                String why = message + " (attempt " + inv.attempt() + (always ? "" : " of " + times + " failing") + ")";
                return retryable ? HandlerResult.retryableFailure(code, why) : HandlerResult.failure(code, why);
            }
            Map<String, Object> out = new LinkedHashMap<>(inv.params());
            out.put("attempt", (long) inv.attempt());
            return HandlerResult.success(out);
        });
    }

    private static FunctionHandler sleep(PluginSettings settings, String operation) {
        Duration duration = settings.duration("duration", Duration.ofMillis(100));
        Duration max = settings.duration("max", Duration.ofSeconds(10));
        if (duration.isNegative() || max.isNegative() || duration.compareTo(max) > 0) {
            throw new InvalidSettingsException(settings.owner() + ": setting 'duration' must be between 0 and 'max' ("
                    + max + "), got '" + settings.values().get("duration") + "'");
        }
        return new FunctionHandler(operation, inv -> {
            long ms = (long) Values.number(inv, "ms", duration.toMillis());
            ms = Math.max(0, Math.min(ms, max.toMillis()));
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return HandlerResult.retryableFailure("INTERRUPTED", "interrupted after less than " + ms + " ms");
            }
            return HandlerResult.success(Map.of("sleptMs", ms));
        });
    }
}
