package io.mre.plugins.cel;

import static java.util.Objects.requireNonNull;

import io.mre.spi.ExpressionEvaluator;
import io.mre.spi.ObjectView;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reentry conditions in CEL over an object, the node's {@link ExpressionEvaluator} (provided by {@link CelPlugin}).
 * An expression sees {@code object} (as in the {@code cel} policy) and {@code now}, and must yield a bool, e.g.
 * {@code object.state.signals.exists(s, s.name == 'documents-received')}.
 *
 * <p>The CEL environment is built on first use, so a node whose objects never wait on an expression does not pay
 * its start-up cost. Compiled expressions are cached (up to {@value #CACHE_SIZE}); thread-safe.
 */
public final class CelConditions implements ExpressionEvaluator {
    static final int CACHE_SIZE = 512;

    private volatile CelEnvironment environment;
    private final Map<String, Object> cache = new ConcurrentHashMap<>();
    private final InstantSource clock;

    /** Conditions whose {@code now} is the system clock. */
    public CelConditions() {
        this(InstantSource.system());
    }

    /** Conditions whose {@code now} is {@code clock} (use the node's clock). */
    public CelConditions(InstantSource clock) {
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Whether {@code expression} holds for {@code object}; false when it does not compile, does not yield a
     * bool, or fails to evaluate (an object is then woken only by its other conditions).
     */
    public boolean holds(String expression, ObjectView object) {
        return holds(expression, object, clock.instant());
    }

    @Override
    public String language() {
        return "cel";
    }

    /** Whether {@code expression} holds for {@code object} at {@code now}; false as above. */
    @Override
    public boolean holds(String expression, ObjectView object, Instant now) {
        Object compiled = compiled(expression);
        if (!(compiled instanceof CelEnvironment.Compiled program)) {
            return false;
        }
        try {
            return program.holds(Bindings.condition(object, now));
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /**
     * Checks that {@code expression} compiles to a bool over {@code object} and {@code now}.
     *
     * @throws IllegalArgumentException with CEL's message when it does not
     */
    public void check(String expression) {
        if (compiled(expression) instanceof IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private CelEnvironment environment() {
        CelEnvironment e = environment;
        if (e == null) {
            synchronized (this) {
                e = environment;
                if (e == null) {
                    environment = e = CelEnvironment.conditions();
                }
            }
        }
        return e;
    }

    /** The compiled program, or the compile error, cached either way. */
    private Object compiled(String expression) {
        requireNonNull(expression, "expression is null");
        Object hit = cache.get(expression);
        if (hit != null) {
            return hit;
        }
        Object result;
        try {
            result = environment().compile(expression);
        } catch (IllegalArgumentException e) {
            result = e;
        }
        if (cache.size() >= CACHE_SIZE) {
            cache.clear(); // expressions come from intents and policies: a handful in practice
        }
        cache.put(expression, result);
        return result;
    }
}
