package io.mre.spi;

/**
 * The version of this SPI. A plugin returns {@link #CURRENT} from {@link MrePlugin#spiVersion()}; because the
 * constant is inlined when the plugin is compiled, the node sees the version the plugin was built against and
 * refuses a plugin whose major version differs from its own.
 */
public final class SpiVersion {
    /** The SPI version this jar defines. Additive changes keep it; breaking changes raise it. */
    public static final int CURRENT = 1;

    private SpiVersion() {}
}
