package io.mre.plugins.examples;

import io.mre.spi.MrePlugin;
import io.mre.spi.OperationHandler;
import io.mre.spi.OperationHandlerFactory;
import io.mre.spi.PluginSettings;
import java.util.Map;

/** Creates the plugin's handlers by name, as a node would from its YAML. */
final class Handlers {
    private Handlers() {}

    static OperationHandler create(String name, Map<String, Object> settings) {
        return factory(name).create(new PluginSettings(name, settings));
    }

    static OperationHandler create(String name) {
        return create(name, Map.of());
    }

    static OperationHandlerFactory factory(String name) {
        MrePlugin plugin = new ExampleHandlersPlugin();
        return plugin.handlers().stream()
                .filter(f -> f.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no handler " + name));
    }
}
