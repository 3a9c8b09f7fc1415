package io.mre.spi;

/**
 * Executes one operation (e.g. {@code "credit.check"}) for a step or a step's compensation.
 *
 * <p>The engine may invoke a handler again for the same {@link Invocation#idempotencyKey()} after a crash
 * (a node can fail after the handler ran but before the entry was appended), so handlers with side effects
 * must de-duplicate on that key. A handler that throws is recorded as a retryable failure.
 */
public interface OperationHandler {
    /** The operation this handler executes. */
    String operation();

    /** Runs the operation. */
    HandlerResult handle(Invocation invocation) throws Exception;
}
