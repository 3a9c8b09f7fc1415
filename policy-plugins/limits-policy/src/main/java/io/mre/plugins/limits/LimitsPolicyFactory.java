package io.mre.plugins.limits;

import io.mre.spi.InvalidSettingsException;
import io.mre.spi.PluginSettings;
import io.mre.spi.Policy;
import io.mre.spi.PolicyFactory;
import java.time.Duration;

/**
 * Creates the {@code limits} policy.
 *
 * <pre>{@code
 * - name: limits
 *   settings:
 *     maxHops: 6             # this node's own cap on delegations (the object's maxHops applies too, if lower)
 *     minRemaining: 30s      # refuse work when less than this is left before the object's deadline
 *     requireDeadline: false # refuse objects without a deadline
 * }</pre>
 */
public final class LimitsPolicyFactory implements PolicyFactory {
    /** The name the node's configuration uses. */
    public static final String NAME = "limits";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Policy create(PluginSettings settings) {
        settings.requireOnly("maxHops", "minRemaining", "requireDeadline");
        long maxHops = settings.number("maxHops", 0);
        if (maxHops < 0 || maxHops > Integer.MAX_VALUE) {
            throw new InvalidSettingsException(settings.owner() + ": setting 'maxHops' must be 0 (no cap of its own)"
                    + " or positive, got '" + settings.values().get("maxHops") + "'");
        }
        Duration minRemaining = settings.duration("minRemaining", Duration.ZERO);
        if (minRemaining.isNegative()) {
            throw new InvalidSettingsException(settings.owner() + ": setting 'minRemaining' must not be negative, got '"
                    + settings.values().get("minRemaining") + "'");
        }
        return new LimitsPolicy(NAME, (int) maxHops, minRemaining, settings.flag("requireDeadline", false));
    }
}
