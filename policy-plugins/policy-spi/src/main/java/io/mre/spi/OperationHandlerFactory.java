package io.mre.spi;

/** Creates an {@link OperationHandler} from its settings in the node's configuration. */
public interface OperationHandlerFactory {
    /** The name under which the node's configuration refers to this handler (often its operation). */
    String name();

    /**
     * Creates the handler.
     *
     * @throws InvalidSettingsException when a setting is missing, unknown or malformed
     */
    OperationHandler create(PluginSettings settings);
}
