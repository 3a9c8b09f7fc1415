package io.mre.node;

import org.slf4j.bridge.SLF4JBridgeHandler;

/** Start-up logging set-up: gRPC and Netty's resolver log through java.util.logging, which is routed to SLF4J. */
public final class Logging {
    private Logging() {}

    /** Routes java.util.logging to SLF4J (once; later calls do nothing). */
    public static synchronized void install() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }
}
