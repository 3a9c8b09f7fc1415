package io.mre.engine;

import io.mre.spi.ObjectView;

/** Evaluates reentry expressions over an object (a CEL plugin provides one); by default none holds. */
@FunctionalInterface
public interface ExpressionEvaluator {
    /** Whether {@code expression} holds for {@code object}; false when it cannot be evaluated. */
    boolean holds(String expression, ObjectView object);

    /** The plugin object behind this evaluator: its class loader is the context class loader while it runs. */
    default Object plugin() {
        return this;
    }

    /** A name for messages and logs. */
    default String name() {
        return "expressions";
    }

    /** Evaluates nothing: an expression never holds, so only a time or a signal wakes such an object. */
    ExpressionEvaluator NONE = (expression, object) -> false;
}
