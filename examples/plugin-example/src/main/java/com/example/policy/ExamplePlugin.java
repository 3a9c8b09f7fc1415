package com.example.policy;

import io.mre.spi.MrePlugin;
import io.mre.spi.PolicyFactory;
import io.mre.spi.SpiVersion;
import java.util.List;

/** The jar's entry point, listed in META-INF/services/io.mre.spi.MrePlugin. */
public final class ExamplePlugin implements MrePlugin {
    @Override
    public String name() {
        return "example-policies";
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT; // compiled in: the node refuses a jar built for another SPI version
    }

    @Override
    public List<PolicyFactory> policies() {
        return List.of(new NoWeekendPaymentsFactory());
    }
}
