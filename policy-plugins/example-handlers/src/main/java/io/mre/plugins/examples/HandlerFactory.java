package io.mre.plugins.examples;

import static java.util.Objects.requireNonNull;

import io.mre.spi.InvalidSettingsException;
import io.mre.spi.OperationHandler;
import io.mre.spi.OperationHandlerFactory;
import io.mre.spi.PluginSettings;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * The factory of one example handler. Every handler takes, besides its own settings, {@code operation} (the
 * operation it serves; default: its name) and {@code rememberKeys} (idempotency keys remembered, default 1024).
 */
record HandlerFactory(String name, List<String> keys, BiFunction<PluginSettings, String, FunctionHandler> creator)
        implements OperationHandlerFactory {
    HandlerFactory {
        requireNonNull(name, "name is null");
        keys = List.copyOf(keys);
        requireNonNull(creator, "creator is null");
    }

    static HandlerFactory of(String name, BiFunction<PluginSettings, String, FunctionHandler> creator, String... keys) {
        return new HandlerFactory(name, List.of(keys), creator);
    }

    @Override
    public OperationHandler create(PluginSettings settings) {
        settings.requireOnly(Stream.concat(keys.stream(), Stream.of("operation", "rememberKeys"))
                .toArray(String[]::new));
        String operation = settings.string("operation", name).trim();
        if (operation.isEmpty()) {
            throw new InvalidSettingsException(settings.owner() + ": setting 'operation' is blank");
        }
        long remember = settings.number("rememberKeys", 1024);
        if (remember < 1 || remember > 1_000_000) {
            throw new InvalidSettingsException(settings.owner() + ": setting 'rememberKeys' must be between 1 and"
                    + " 1000000, got '" + settings.values().get("rememberKeys") + "'");
        }
        return new Idempotent(creator.apply(settings, operation), (int) remember);
    }
}
