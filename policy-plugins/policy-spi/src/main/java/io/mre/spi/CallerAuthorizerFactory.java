package io.mre.spi;

/** Creates a {@link CallerAuthorizer} from its settings in the node's configuration ({@code plugins.callers}). */
public interface CallerAuthorizerFactory {
    /** The name under which the node's configuration refers to this authorizer, e.g. {@code "caller-rules"}. */
    String name();

    /**
     * Creates the authorizer.
     *
     * @throws InvalidSettingsException when a setting is missing, unknown or malformed
     */
    CallerAuthorizer create(PluginSettings settings);
}
