package io.mre.spi;

/** Creates a {@link Policy} from its settings in the node's configuration. */
public interface PolicyFactory {
    /** The name under which the node's configuration refers to this policy, e.g. {@code "operation-allow-list"}. */
    String name();

    /**
     * Creates the policy.
     *
     * @throws InvalidSettingsException when a setting is missing, unknown or malformed
     */
    Policy create(PluginSettings settings);
}
