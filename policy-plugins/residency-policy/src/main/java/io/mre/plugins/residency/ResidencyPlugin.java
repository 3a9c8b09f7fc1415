package io.mre.plugins.residency;

import io.mre.spi.MrePlugin;
import io.mre.spi.PolicyFactory;
import io.mre.spi.SpiVersion;
import java.util.List;

/** Contributes the {@code residency} policy. */
public final class ResidencyPlugin implements MrePlugin {
    @Override
    public String name() {
        return "residency-policy";
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public List<PolicyFactory> policies() {
        return List.of(new ResidencyPolicyFactory());
    }
}
