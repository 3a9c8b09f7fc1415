package io.mre.plugins.limits;

import io.mre.spi.MrePlugin;
import io.mre.spi.PolicyFactory;
import io.mre.spi.SpiVersion;
import java.util.List;

/** Contributes the {@code limits} (hops, deadline) and {@code tenant-rate-limit} (token bucket) policies. */
public final class LimitsPlugin implements MrePlugin {
    @Override
    public String name() {
        return "limits-policy";
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public List<PolicyFactory> policies() {
        return List.of(new LimitsPolicyFactory(), new RateLimitPolicyFactory());
    }
}
