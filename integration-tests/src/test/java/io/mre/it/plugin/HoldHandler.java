package io.mre.it.plugin;

import io.mre.spi.HandlerResult;
import io.mre.spi.Invocation;
import io.mre.spi.OperationHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * For nodes in child JVMs: records each call (its idempotency key, one line in {@code <holdFile>.calls}), then
 * waits while the file named by the intent's input {@code holdFile} exists. The test deletes the file to let the
 * step finish, or kills the process while the step is held.
 */
record HoldHandler(String by) implements OperationHandler {
    static final String OPERATION = "hold";
    private static final long MAX_HOLD_MILLIS = 120_000;

    @Override
    public String operation() {
        return OPERATION;
    }

    @Override
    public HandlerResult handle(Invocation invocation) throws IOException, InterruptedException {
        Path hold = Path.of(String.valueOf(invocation.input().get("holdFile")));
        Files.writeString(
                hold.resolveSibling(hold.getFileName() + ".calls"),
                invocation.idempotencyKey() + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND,
                StandardOpenOption.SYNC);
        long until = System.currentTimeMillis() + MAX_HOLD_MILLIS;
        while (Files.exists(hold) && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        return HandlerResult.success(Map.of("operation", OPERATION, "by", by));
    }
}
