package io.mre.plugins.operation;

import io.mre.spi.MrePlugin;
import io.mre.spi.PolicyFactory;
import io.mre.spi.SpiVersion;
import java.util.List;

/** Contributes the {@code operation-allow-list} policy. */
public final class OperationPolicyPlugin implements MrePlugin {
    @Override
    public String name() {
        return "operation-policy";
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public List<PolicyFactory> policies() {
        return List.of(new OperationPolicyFactory());
    }
}
