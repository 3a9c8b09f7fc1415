package io.mre.plugins.examples;

import io.mre.spi.MrePlugin;
import io.mre.spi.OperationHandlerFactory;
import io.mre.spi.SpiVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * Example operation handlers for demos and tests: {@code echo}, {@code score}, {@code fail}, {@code sleep} and
 * the insurance-claim operations {@code claim.register}, {@code fraud.check}, {@code credit.check},
 * {@code reinsurance.quote}, {@code payment.transfer}, {@code payment.refund}, {@code notify.customer}. Every
 * handler de-duplicates on the idempotency key. Not meant for production: kept out of the node.
 */
public final class ExampleHandlersPlugin implements MrePlugin {
    @Override
    public String name() {
        return "example-handlers";
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public List<OperationHandlerFactory> handlers() {
        List<OperationHandlerFactory> all = new ArrayList<>(TestingHandlers.factories());
        all.addAll(ClaimHandlers.factories());
        return List.copyOf(all);
    }
}
