package io.mre.node;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mre.node.config.NodeConfig;
import io.mre.node.metrics.AdminServer;
import io.mre.node.metrics.NodeHealth;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Binds the meter registry (Prometheus, every meter tagged with the node and its domain, JVM meters included),
 * the node's serving state, and the admin endpoint when the configuration has an {@code admin} address.
 */
public final class MetricsModule extends AbstractModule {
    @Provides
    @Singleton
    NodeHealth health() {
        return new NodeHealth();
    }

    @Provides
    @Singleton
    PrometheusMeterRegistry prometheus(NodeConfig config) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("node", config.nodeId(), "domain", config.trustDomain());
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    @Provides
    MeterRegistry meterRegistry(PrometheusMeterRegistry registry) {
        return registry;
    }

    @Provides
    @Singleton
    Optional<AdminServer> adminServer(NodeConfig config, PrometheusMeterRegistry registry, NodeHealth health) {
        return config.admin().map(address -> new AdminServer(address.toSocketAddress(), registry, health));
    }
}
