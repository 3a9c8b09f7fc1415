package io.mre.plugins.timewindow;

import io.mre.spi.MrePlugin;
import io.mre.spi.PolicyFactory;
import io.mre.spi.SpiVersion;
import java.util.List;

/** Contributes the {@code time-window} policy. */
public final class TimeWindowPlugin implements MrePlugin {
    @Override
    public String name() {
        return "time-window-policy";
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public List<PolicyFactory> policies() {
        return List.of(new TimeWindowPolicyFactory());
    }
}
