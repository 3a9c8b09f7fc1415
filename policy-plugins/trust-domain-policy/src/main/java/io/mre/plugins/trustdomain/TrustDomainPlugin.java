package io.mre.plugins.trustdomain;

import io.mre.spi.MrePlugin;
import io.mre.spi.PolicyFactory;
import io.mre.spi.SpiVersion;
import java.util.List;

/** Contributes the {@code trust-domain} policy. */
public final class TrustDomainPlugin implements MrePlugin {
    @Override
    public String name() {
        return "trust-domain-policy";
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public List<PolicyFactory> policies() {
        return List.of(new TrustDomainPolicyFactory());
    }
}
