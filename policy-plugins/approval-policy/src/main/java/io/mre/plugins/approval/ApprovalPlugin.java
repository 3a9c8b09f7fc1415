package io.mre.plugins.approval;

import io.mre.spi.MrePlugin;
import io.mre.spi.PolicyFactory;
import io.mre.spi.SpiVersion;
import java.util.List;

/** Contributes the {@code approval} policy. */
public final class ApprovalPlugin implements MrePlugin {
    @Override
    public String name() {
        return "approval-policy";
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public List<PolicyFactory> policies() {
        return List.of(new ApprovalPolicyFactory());
    }
}
