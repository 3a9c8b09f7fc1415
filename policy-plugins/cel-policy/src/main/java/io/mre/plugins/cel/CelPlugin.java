package io.mre.plugins.cel;

import io.mre.spi.MrePlugin;
import io.mre.spi.PolicyFactory;
import io.mre.spi.SpiVersion;
import java.util.List;

/** Contributes the {@code cel} policy; {@link CelConditions} evaluates CEL reentry conditions for the node. */
public final class CelPlugin implements MrePlugin {
    @Override
    public String name() {
        return "cel-policy";
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public List<PolicyFactory> policies() {
        return List.of(new CelPolicyFactory());
    }
}
