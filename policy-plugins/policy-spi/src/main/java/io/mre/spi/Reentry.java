package io.mre.spi;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;

/** A condition under which a dormant object continues. */
public sealed interface Reentry {
    /** Signal names: letters, digits, '-', '_' and '.', 1 to 64 characters. */
    Pattern SIGNAL_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** At (or after) an instant. */
    record AtTime(Instant at) implements Reentry {
        public AtTime {
            requireNonNull(at, "at is null");
        }
    }

    /** After a delay from the moment the object goes dormant. */
    record AfterDelay(Duration delay) implements Reentry {
        public AfterDelay {
            requireNonNull(delay, "delay is null");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay is negative: " + delay);
            }
        }
    }

    /** When the named signal arrives from one of {@code fromDomains} (any domain when empty). */
    record OnSignal(String name, Set<String> fromDomains) implements Reentry {
        public OnSignal {
            requireNonNull(name, "name is null");
            if (!SIGNAL_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("bad signal name: '" + name + "'");
            }
            fromDomains = Set.copyOf(fromDomains);
        }
    }

    /** When a CEL expression over the object holds. */
    record WhenExpression(String expression) implements Reentry {
        public WhenExpression {
            requireNonNull(expression, "expression is null");
            if (expression.isBlank()) {
                throw new IllegalArgumentException("expression is blank");
            }
        }
    }

    /** At {@code at}. */
    static Reentry at(Instant at) {
        return new AtTime(at);
    }

    /** After {@code delay}. */
    static Reentry after(Duration delay) {
        return new AfterDelay(delay);
    }

    /** On the signal {@code name} from any domain. */
    static Reentry onSignal(String name) {
        return new OnSignal(name, Set.of());
    }

    /** On the signal {@code name} from one of {@code fromDomains}. */
    static Reentry onSignal(String name, Set<String> fromDomains) {
        return new OnSignal(name, fromDomains);
    }
}
