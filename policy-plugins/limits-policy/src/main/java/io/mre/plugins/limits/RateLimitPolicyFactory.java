package io.mre.plugins.limits;

import io.mre.plugins.support.Glob;
import io.mre.spi.InvalidSettingsException;
import io.mre.spi.PluginSettings;
import io.mre.spi.Policy;
import io.mre.spi.PolicyFactory;
import java.util.List;
import java.util.Locale;

/**
 * Creates the {@code tenant-rate-limit} policy.
 *
 * <pre>{@code
 * - name: tenant-rate-limit
 *   settings:
 *     ratePerSecond: 5       # tokens per second per tenant (decimals allowed: 0.5)
 *     burst: 10              # bucket size (default: the rate rounded up, at least 1)
 *     onExhausted: defer     # defer (dormant until a token is due) or reject
 *     operations: ["*"]      # which step operations take a token (default: all)
 *     maxTenants: 10000      # buckets kept; beyond, new tenants share one bucket
 * }</pre>
 */
public final class RateLimitPolicyFactory implements PolicyFactory {
    /** The name the node's configuration uses. */
    public static final String NAME = "tenant-rate-limit";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Policy create(PluginSettings settings) {
        settings.requireOnly("ratePerSecond", "burst", "onExhausted", "operations", "maxTenants");
        String rateText = settings.string("ratePerSecond");
        double rate;
        try {
            rate = Double.parseDouble(rateText.trim());
        } catch (NumberFormatException e) {
            rate = Double.NaN;
        }
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new InvalidSettingsException(settings.owner() + ": setting 'ratePerSecond' must be a positive"
                    + " number, got '" + rateText + "'");
        }
        long burst = settings.number("burst", Math.max(1, (long) Math.ceil(rate)));
        if (burst < 1) {
            throw new InvalidSettingsException(settings.owner() + ": setting 'burst' must be at least 1, got '"
                    + settings.values().get("burst") + "'");
        }
        long maxTenants = settings.number("maxTenants", 10_000);
        if (maxTenants < 1 || maxTenants > 10_000_000) {
            throw new InvalidSettingsException(settings.owner() + ": setting 'maxTenants' must be between 1 and"
                    + " 10000000, got '" + settings.values().get("maxTenants") + "'");
        }
        RateLimitPolicy.OnExhausted onExhausted =
                switch (settings.string("onExhausted", "defer").trim().toLowerCase(Locale.ROOT)) {
                    case "defer" -> RateLimitPolicy.OnExhausted.DEFER;
                    case "reject" -> RateLimitPolicy.OnExhausted.REJECT;
                    default ->
                        throw new InvalidSettingsException(settings.owner() + ": setting 'onExhausted' must be"
                                + " defer or reject, got '" + settings.string("onExhausted") + "'");
                };
        List<String> ops = settings.values().containsKey("operations") ? settings.strings("operations") : List.of("*");
        Glob operations;
        try {
            operations = Glob.of(ops);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(settings.owner() + ": setting 'operations': " + e.getMessage());
        }
        if (operations.isEmpty()) {
            throw new InvalidSettingsException(
                    settings.owner() + ": setting 'operations' is empty (leave it out for" + " every operation)");
        }
        return new RateLimitPolicy(
                NAME,
                new TokenBuckets(rate, burst, (int) maxTenants),
                operations,
                onExhausted,
                rateText.trim() + "/s (burst " + burst + ")");
    }
}
