package io.mre.it.plugin;

import io.mre.spi.MrePlugin;
import io.mre.spi.OperationHandler;
import io.mre.spi.OperationHandlerFactory;
import io.mre.spi.PluginSettings;
import io.mre.spi.SpiVersion;
import java.util.List;
import java.util.function.Function;

/**
 * The handlers the integration tests enable on their nodes. It depends on the SPI and the JDK only, so the same
 * classes serve an in-process node (found on the test class path as a built-in) and a child JVM (copied into the
 * node's plugin folder, loaded in isolation). Each factory's name is the operation its handler executes.
 */
public final class ItPlugin implements MrePlugin {
    /** Operations that succeed at once, echoing who ran them. */
    public static final List<String> ECHO_OPERATIONS = List.of("prepare", "score", "finish", "work");

    @Override
    public String name() {
        return "it-plugin";
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public List<OperationHandlerFactory> handlers() {
        List<OperationHandlerFactory> factories = new java.util.ArrayList<>();
        for (String operation : ECHO_OPERATIONS) {
            factories.add(factory(operation, by -> new EchoHandler(operation, by)));
        }
        factories.add(factory(GateHandler.OPERATION, GateHandler::new));
        factories.add(factory(HoldHandler.OPERATION, HoldHandler::new));
        factories.add(factory(RecordHandler.OPERATION, RecordHandler::new));
        return List.copyOf(factories);
    }

    private static OperationHandlerFactory factory(String operation, Function<String, OperationHandler> create) {
        return new OperationHandlerFactory() {
            @Override
            public String name() {
                return operation;
            }

            @Override
            public OperationHandler create(PluginSettings settings) {
                return create.apply(settings.requireOnly("by").string("by", "?"));
            }
        };
    }
}
