package io.mre.node.plugins;

/** A plugin could not be loaded or created; the message names the jar, the plugin and the cause on one line. */
public final class PluginException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PluginException(String message, Throwable cause) {
        super(message, cause);
    }

    PluginException(String message) {
        super(message);
    }
}
