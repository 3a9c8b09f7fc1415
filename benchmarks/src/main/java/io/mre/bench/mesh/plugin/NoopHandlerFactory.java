package io.mre.bench.mesh.plugin;

import io.mre.spi.OperationHandler;
import io.mre.spi.OperationHandlerFactory;
import io.mre.spi.PluginSettings;

/** Creates the {@code noop} handler; it takes no settings. */
public final class NoopHandlerFactory implements OperationHandlerFactory {
    @Override
    public String name() {
        return NoopHandler.OPERATION;
    }

    @Override
    public OperationHandler create(PluginSettings settings) {
        settings.requireOnly();
        return new NoopHandler();
    }
}
