package io.mre.it.plugin;

import io.mre.spi.HandlerResult;
import io.mre.spi.Invocation;
import io.mre.spi.OperationHandler;
import java.util.Map;

/** Succeeds at once with who ran which step, so a test can read the journey from the outputs. */
record EchoHandler(String operation, String by) implements OperationHandler {
    @Override
    public HandlerResult handle(Invocation invocation) {
        return HandlerResult.success(
                Map.of("operation", operation, "by", by, "idempotencyKey", invocation.idempotencyKey()));
    }
}
