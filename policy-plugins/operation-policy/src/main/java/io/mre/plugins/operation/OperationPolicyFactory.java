package io.mre.plugins.operation;

import io.mre.plugins.support.Glob;
import io.mre.spi.InvalidSettingsException;
import io.mre.spi.PluginSettings;
import io.mre.spi.Policy;
import io.mre.spi.PolicyFactory;

/**
 * Creates the {@code operation-allow-list} policy.
 *
 * <pre>{@code
 * - name: operation-allow-list
 *   settings:
 *     allow: ["claim.*", "fraud.check", "payment.*"]   # absent: every operation not denied
 *     deny: ["payment.crypto*"]                         # wins over allow
 *     compensations: true                               # also judge compensation operations (default true)
 * }</pre>
 */
public final class OperationPolicyFactory implements PolicyFactory {
    /** The name the node's configuration uses. */
    public static final String NAME = "operation-allow-list";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Policy create(PluginSettings settings) {
        settings.requireOnly("allow", "deny", "compensations");
        if (!settings.values().containsKey("allow") && !settings.values().containsKey("deny")) {
            throw new InvalidSettingsException(settings.owner() + ": set 'allow', 'deny' or both");
        }
        boolean allowListed = settings.values().containsKey("allow");
        Glob allow = globs(settings, "allow");
        if (allowListed && allow.isEmpty()) {
            throw new InvalidSettingsException(settings.owner() + ": setting 'allow' is empty, which would refuse"
                    + " every operation; write deny: [\"*\"] for that");
        }
        return new OperationPolicy(
                NAME, allow, globs(settings, "deny"), settings.flag("compensations", true), allowListed);
    }

    private static Glob globs(PluginSettings settings, String key) {
        try {
            return Glob.of(settings.strings(key));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(settings.owner() + ": setting '" + key + "': " + e.getMessage());
        }
    }
}
