package io.mre.plugins.cel;

import io.mre.spi.ExpressionEvaluator;
import io.mre.spi.MrePlugin;
import io.mre.spi.PolicyFactory;
import io.mre.spi.SpiVersion;
import java.util.List;
import java.util.Optional;

/** Contributes the {@code cel} policy, and CEL reentry expressions ({@link CelConditions}) to the node. */
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

    @Override
    public Optional<ExpressionEvaluator> expressionEvaluator() {
        return Optional.of(new CelConditions());
    }
}
