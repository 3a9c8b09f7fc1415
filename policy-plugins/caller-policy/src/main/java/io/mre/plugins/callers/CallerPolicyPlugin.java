package io.mre.plugins.callers;

import io.mre.spi.CallerAuthorizerFactory;
import io.mre.spi.MrePlugin;
import io.mre.spi.SpiVersion;
import java.util.List;

/** Contributes the {@code caller-rules} caller authorizer. */
public final class CallerPolicyPlugin implements MrePlugin {
    @Override
    public String name() {
        return "caller-policy";
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public List<CallerAuthorizerFactory> callerAuthorizers() {
        return List.of(new CallerRulesFactory());
    }
}
