package io.mre.spi;

import java.time.Instant;

/**
 * Evaluates the reentry expressions of dormant objects ({@link Reentry.WhenExpression}, e.g. a policy's
 * {@code Verdict.defer(new Reentry.WhenExpression("object.state.signals.size() > 1"), ...)}): the node asks it,
 * whenever it looks at a dormant object, whether the expression holds yet. A plugin provides one through
 * {@link MrePlugin#expressionEvaluator()}; the built-in {@code cel-policy} provides CEL.
 *
 * <p>Like a policy it runs under the node's time limit, must be thread-safe, fast and free of I/O, and must depend
 * only on its arguments. It fails closed: an evaluator that throws or is too slow counts as "does not hold", so
 * the object keeps waiting for its other conditions (a time, a signal).
 */
public interface ExpressionEvaluator {
    /** The expression language, e.g. {@code "cel"} (logged when the node enables the evaluator). */
    String language();

    /**
     * Whether {@code expression} holds for {@code object} at {@code now} (the node's clock); false when it does not
     * compile, does not yield a boolean or cannot be evaluated.
     */
    boolean holds(String expression, ObjectView object, Instant now);
}
