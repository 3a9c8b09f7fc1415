/**
 * The node process: one Guice module per concern ({@link io.mre.node.ConfigModule},
 * {@link io.mre.node.MetricsModule}, {@link io.mre.node.StoreModule}, {@link io.mre.node.TlsModule},
 * {@link io.mre.node.GrpcServerModule}), the strict injector ({@link io.mre.node.NodeInjector}) and the main
 * ({@link io.mre.node.NodeMain}). Only this package knows Guice; the packages below it are plain Java.
 */
package io.mre.node;
