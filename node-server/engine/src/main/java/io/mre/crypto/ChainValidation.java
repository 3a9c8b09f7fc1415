package io.mre.crypto;

import static java.util.Objects.requireNonNull;

/** The outcome of validating a certificate chain against a {@link TrustBundle}. */
public sealed interface ChainValidation {
    /** The chain is valid: {@code key} may be trusted for its trust domain. */
    record Valid(CertifiedKey key) implements ChainValidation {
        public Valid {
            requireNonNull(key, "key is null");
        }
    }

    /** The chain is refused; {@code reason} is a one-line explanation fit for an error message to a peer. */
    record Invalid(String reason) implements ChainValidation {
        public Invalid {
            requireNonNull(reason, "reason is null");
        }
    }

    default boolean isValid() {
        return this instanceof Valid;
    }
}
