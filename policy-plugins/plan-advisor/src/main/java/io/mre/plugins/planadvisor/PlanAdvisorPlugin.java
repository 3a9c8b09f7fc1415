package io.mre.plugins.planadvisor;

import io.mre.spi.AdvisorFactory;
import io.mre.spi.MrePlugin;
import io.mre.spi.SpiVersion;
import java.util.List;

/** Contributes the {@code plan-advisor} advisor. */
public final class PlanAdvisorPlugin implements MrePlugin {
    @Override
    public String name() {
        return "plan-advisor";
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public List<AdvisorFactory> advisors() {
        return List.of(new PlanAdvisorFactory());
    }
}
