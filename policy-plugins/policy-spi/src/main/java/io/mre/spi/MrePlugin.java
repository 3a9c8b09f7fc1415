package io.mre.spi;

import java.util.List;
import java.util.Optional;

/**
 * The one entry point of a plugin jar, listed in {@code META-INF/services/io.mre.spi.MrePlugin}.
 *
 * <p>Every extension point is a {@code default} method returning factories, so new extension points can be
 * added without breaking existing plugins.
 *
 * <pre>{@code
 * public final class AcmePlugin implements MrePlugin {
 *     public String name() { return "acme"; }
 *     public int spiVersion() { return SpiVersion.CURRENT; }
 *     public List<PolicyFactory> policies() { return List.of(new NoWeekendPaymentsFactory()); }
 * }
 * }</pre>
 */
public interface MrePlugin {
    /** A short unique name, e.g. {@code "acme-policies"}. */
    String name();

    /** Must return {@link SpiVersion#CURRENT} as compiled into the plugin. */
    int spiVersion();

    /** Policy factories this plugin contributes. */
    default List<PolicyFactory> policies() {
        return List.of();
    }

    /** Advisor factories this plugin contributes. */
    default List<AdvisorFactory> advisors() {
        return List.of();
    }

    /** Operation handler factories this plugin contributes. */
    default List<OperationHandlerFactory> handlers() {
        return List.of();
    }

    /** Caller authorizer factories this plugin contributes (who may ask the node about which object). */
    default List<CallerAuthorizerFactory> callerAuthorizers() {
        return List.of();
    }

    /**
     * The evaluator of reentry expressions this plugin provides, if any (at most one plugin of a node may provide
     * one). Called once, when the node loads the plugin; build anything expensive on first use.
     */
    default Optional<ExpressionEvaluator> expressionEvaluator() {
        return Optional.empty();
    }
}
