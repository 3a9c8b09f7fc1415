package io.mre.plugins.examples;

import static java.util.Objects.requireNonNull;

import io.mre.spi.HandlerResult;
import io.mre.spi.Invocation;
import io.mre.spi.OperationHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * De-duplicates on the idempotency key: a successful result is remembered, and the same key gets the same output
 * without running the operation again (the engine may repeat a call after a crash between the handler and the
 * append). Only the last {@code capacity} keys are remembered; failures are not, so a repeated failing call runs
 * again. Thread-safe; the operation itself runs outside the lock.
 */
final class Idempotent implements OperationHandler {
    private final OperationHandler delegate;
    private final Map<String, HandlerResult> results;
    private final AtomicLong executions = new AtomicLong();

    Idempotent(OperationHandler delegate, int capacity) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
        }
        this.results = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, HandlerResult> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public String operation() {
        return delegate.operation();
    }

    @Override
    public HandlerResult handle(Invocation invocation) throws Exception {
        String key = invocation.idempotencyKey();
        synchronized (results) {
            HandlerResult known = results.get(key);
            if (known != null) {
                return known;
            }
        }
        executions.incrementAndGet();
        HandlerResult result = delegate.handle(invocation);
        if (!(result instanceof HandlerResult.Success)) {
            return result;
        }
        synchronized (results) {
            // Two concurrent calls with one key: both ran, the first recorded result is everyone's answer.
            HandlerResult first = results.putIfAbsent(key, result);
            return first != null ? first : result;
        }
    }

    /** How many times the operation actually ran (for tests). */
    long executions() {
        return executions.get();
    }
}
