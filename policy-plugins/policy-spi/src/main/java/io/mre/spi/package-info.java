/**
 * The MRE plugin API: local policy ({@link io.mre.spi.Policy}), advice ({@link io.mre.spi.Advisor}),
 * operation handlers ({@link io.mre.spi.OperationHandler}) and caller authorization
 * ({@link io.mre.spi.CallerAuthorizer}), contributed by one {@link io.mre.spi.MrePlugin}
 * entry point that a node discovers with {@link java.util.ServiceLoader}.
 *
 * <p>Plugins see a read-only view of the object ({@link io.mre.spi.ObjectView}) and never its signed bytes:
 * the engine verifies, records and signs. The API depends on nothing but the JDK; values from the object
 * (inputs, params, outputs) are JSON-like maps: {@code String}, {@code Double}, {@code Boolean},
 * {@code List<Object>} and {@code Map<String, Object>} (JSON {@code null} values are left out).
 */
package io.mre.spi;
