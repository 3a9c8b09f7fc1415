package io.mre.node.grpc;

import java.util.Optional;

/** The trust domain of the authenticated caller of the current gRPC call (from its TLS certificate), if any. */
@FunctionalInterface
public interface CallerDomain {
    Optional<String> current();

    /** No authenticated callers (plaintext on loopback). */
    CallerDomain NONE = Optional::empty;
}
