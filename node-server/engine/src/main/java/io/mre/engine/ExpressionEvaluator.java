package io.mre.engine;

import io.mre.spi.ObjectView;

/** Evaluates reentry expressions over an object (a CEL plugin provides one); by default none holds. */
@FunctionalInterface
public interface ExpressionEvaluator {
    /** Whether {@code expression} holds for {@code object}; false when it cannot be evaluated. */
    boolean holds(String expression, ObjectView object);

    /** Evaluates nothing: an expression never holds, so only a time or a signal wakes such an object. */
    ExpressionEvaluator NONE = (expression, object) -> false;
}
