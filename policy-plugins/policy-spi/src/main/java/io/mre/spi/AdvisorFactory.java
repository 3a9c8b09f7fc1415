package io.mre.spi;

/** Creates an {@link Advisor} from its settings in the node's configuration. */
public interface AdvisorFactory {
    /** The name under which the node's configuration refers to this advisor. */
    String name();

    /**
     * Creates the advisor.
     *
     * @throws InvalidSettingsException when a setting is missing, unknown or malformed
     */
    Advisor create(PluginSettings settings);
}
