package io.mre.bench.mesh.plugin;

import io.mre.spi.HandlerResult;
import io.mre.spi.Invocation;
import io.mre.spi.OperationHandler;
import java.util.Map;

/** Succeeds at once with {@code {ok: true}}. */
public final class NoopHandler implements OperationHandler {
    public static final String OPERATION = "noop";
    private static final HandlerResult OK = HandlerResult.success(Map.of("ok", true));

    @Override
    public String operation() {
        return OPERATION;
    }

    @Override
    public HandlerResult handle(Invocation invocation) {
        return OK;
    }
}
