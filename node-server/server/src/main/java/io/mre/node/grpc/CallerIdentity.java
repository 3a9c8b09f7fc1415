package io.mre.node.grpc;

import io.mre.spi.CallerView;
import java.util.Optional;

/**
 * The authenticated caller of the current gRPC call, as its verified mutual-TLS certificate names it. Empty on a
 * plaintext (loopback-only) listener: such a caller is trusted as local.
 */
@FunctionalInterface
public interface CallerIdentity {
    Optional<CallerView> current();

    /** No authenticated callers (plaintext on loopback). */
    CallerIdentity NONE = Optional::empty;
}
