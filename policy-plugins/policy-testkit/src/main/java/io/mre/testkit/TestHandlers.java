package io.mre.testkit;

import static java.util.Objects.requireNonNull;

import io.mre.spi.HandlerResult;
import io.mre.spi.Invocation;
import io.mre.spi.OperationHandler;
import java.util.Map;
import java.util.function.Function;

/**
 * Small operation handlers for tests: a lambda, a fixed success, a failure, a throw.
 *
 * <pre>{@code
 * EngineHarness harness = EngineHarness.forNode(node("n1", "insurer.example"))
 *         .handler(succeeding("credit.check", Map.of("score", 700)))
 *         .handler(of("payment.transfer", inv -> HandlerResult.success(Map.of("paid", inv.params().get("amount")))));
 * }</pre>
 */
public final class TestHandlers {
    private TestHandlers() {}

    /** A handler of {@code operation} computing its result with {@code body}. */
    public static OperationHandler of(String operation, Function<Invocation, HandlerResult> body) {
        return new FunctionHandler(operation, body);
    }

    /** Always succeeds with no output. */
    public static OperationHandler succeeding(String operation) {
        return succeeding(operation, Map.of());
    }

    /** Always succeeds with {@code output}. */
    public static OperationHandler succeeding(String operation, Map<String, ?> output) {
        Map<String, Object> copy = Map.copyOf(output);
        return of(operation, invocation -> HandlerResult.success(copy));
    }

    /** Always fails with {@code code}, for good (no retry helps). */
    public static OperationHandler failing(String operation, String code) {
        return of(operation, invocation -> HandlerResult.failure(code, operation + " failed in a test"));
    }

    /** Always throws an {@link IllegalStateException}. */
    public static OperationHandler throwing(String operation) {
        return of(operation, invocation -> {
            throw new IllegalStateException(operation + " threw in a test");
        });
    }

    private record FunctionHandler(String operation, Function<Invocation, HandlerResult> body)
            implements OperationHandler {
        FunctionHandler {
            requireNonNull(operation, "operation is null");
            requireNonNull(body, "body is null");
        }

        @Override
        public HandlerResult handle(Invocation invocation) {
            return body.apply(invocation);
        }
    }
}
