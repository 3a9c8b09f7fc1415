package io.mre.spi;

import static java.util.Objects.requireNonNull;

/** A constraint a CONSTRAIN verdict places on an action. */
public record Constraint(Kind kind, String value) {
    /** What is constrained. */
    public enum Kind {
        /** The action must run in, or be delegated to, this trust domain. */
        REQUIRE_DOMAIN,
        /** The node running the action must carry this label, as {@code key=value}. */
        REQUIRE_LABEL,
        /** This dotted path of the step's output is removed before the output is recorded. */
        REDACT_OUTPUT
    }

    public Constraint {
        requireNonNull(kind, "kind is null");
        requireNonNull(value, "value is null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(kind + " constraint has a blank value");
        }
        if (kind == Kind.REQUIRE_LABEL && value.indexOf('=') <= 0) {
            throw new IllegalArgumentException("REQUIRE_LABEL value must be key=value: " + value);
        }
    }

    /** Only a node of {@code domain}. */
    public static Constraint requireDomain(String domain) {
        return new Constraint(Kind.REQUIRE_DOMAIN, domain);
    }

    /** Only a node labelled {@code key=value}. */
    public static Constraint requireLabel(String key, String value) {
        return new Constraint(Kind.REQUIRE_LABEL, key + "=" + value);
    }

    /** Remove {@code path} from the step's output. */
    public static Constraint redactOutput(String path) {
        return new Constraint(Kind.REDACT_OUTPUT, path);
    }
}
