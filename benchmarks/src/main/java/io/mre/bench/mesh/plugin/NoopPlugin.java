package io.mre.bench.mesh.plugin;

import io.mre.spi.MrePlugin;
import io.mre.spi.OperationHandlerFactory;
import io.mre.spi.SpiVersion;
import java.util.List;

/**
 * The mesh benchmark's plugin: one handler, {@code noop}, that succeeds at once with a tiny output, so a benchmark
 * measures the node (verify, decide, sign, store, hand off) and not an operation. It depends on the SPI and the JDK
 * only: the harness copies these classes into an exploded plugin folder that a node loads in isolation.
 */
public final class NoopPlugin implements MrePlugin {
    /** The classes of this plugin, copied into the plugin folder. */
    public static final List<Class<?>> CLASSES = List.of(NoopPlugin.class, NoopHandlerFactory.class, NoopHandler.class);

    @Override
    public String name() {
        return "mesh-bench";
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }

    @Override
    public List<OperationHandlerFactory> handlers() {
        return List.of(new NoopHandlerFactory());
    }
}
