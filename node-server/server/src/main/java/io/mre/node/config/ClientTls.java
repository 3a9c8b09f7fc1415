package io.mre.node.config;

/**
 * Whether callers must use TLS. {@code required = false} (plaintext) is accepted only on a loopback listener:
 * it is for a developer's single node and tools such as {@code grpcurl -plaintext}, never for a mesh.
 */
public record ClientTls(boolean required) {
    /** TLS required: the default. */
    public static ClientTls defaults() {
        return new ClientTls(true);
    }
}
