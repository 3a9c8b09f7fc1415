package io.mre.plugins.examples;

import static java.util.Objects.requireNonNull;

import io.mre.spi.HandlerResult;
import io.mre.spi.Invocation;
import io.mre.spi.OperationHandler;

/** A handler whose body is a function of the invocation. */
record FunctionHandler(String operation, Body body) implements OperationHandler {
    /** The work of a handler. */
    @FunctionalInterface
    interface Body {
        HandlerResult handle(Invocation invocation) throws Exception;
    }

    FunctionHandler {
        requireNonNull(operation, "operation is null");
        requireNonNull(body, "body is null");
    }

    @Override
    public HandlerResult handle(Invocation invocation) throws Exception {
        return body.handle(invocation);
    }
}
