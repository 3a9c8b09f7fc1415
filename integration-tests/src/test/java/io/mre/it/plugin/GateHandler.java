package io.mre.it.plugin;

import io.mre.spi.HandlerResult;
import io.mre.spi.Invocation;
import io.mre.spi.OperationHandler;
import java.util.Map;

/**
 * Blocks on the {@link Gate} named by the intent's input {@code gate} until the test opens it: a slow handler whose
 * slowness the test controls (in-process nodes only; a child JVM has its own gates).
 */
record GateHandler(String by) implements OperationHandler {
    static final String OPERATION = "slow";

    @Override
    public String operation() {
        return OPERATION;
    }

    @Override
    public HandlerResult handle(Invocation invocation) throws InterruptedException {
        String name = String.valueOf(invocation.input().get("gate"));
        Gate.named(name).pass();
        return HandlerResult.success(Map.of("operation", OPERATION, "by", by));
    }
}
