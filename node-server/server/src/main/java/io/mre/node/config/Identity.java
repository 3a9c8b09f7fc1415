package io.mre.node.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** The node's signing key and its X.509 certificate (PEM files), also used as its TLS identity. */
public record Identity(Path key, Path certificate) {
    public Identity {
        requireNonNull(key, "key is null");
        requireNonNull(certificate, "certificate is null");
    }
}
