package io.mre.node.config;

/**
 * The node's configuration is unusable. The message is one line naming the file and the key (or the file alone),
 * fit to print as the only output of a failed start-up.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
