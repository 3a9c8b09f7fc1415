package io.mre.node.plugins;

import static java.util.Objects.requireNonNull;

/**
 * A plugin could not be loaded or created; the message names the jar, the plugin and the cause on one line, and
 * {@link #key()} the configuration key it concerns ({@code plugins.policies}, {@code plugins.folder} ...).
 */
public final class PluginException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String key;

    PluginException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = requireNonNull(key, "key is null");
    }

    PluginException(String key, String message) {
        this(key, message, null);
    }

    /** The configuration key the failure concerns, e.g. {@code plugins.policies}. */
    public String key() {
        return key;
    }
}
