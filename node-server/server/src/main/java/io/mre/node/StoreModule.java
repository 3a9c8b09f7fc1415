package io.mre.node;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.mre.node.config.Mode;
import io.mre.node.config.NodeConfig;
import io.mre.node.store.ParkedObjectStore;
import io.mre.node.store.RocksDbParkedObjectStore;
import jakarta.inject.Singleton;

/**
 * Binds the {@link ParkedObjectStore}: RocksDB under the data folder for a memory-aware node, a store that parks
 * nothing for a stateless one. Its size is published as gauges. The node server closes it at shutdown.
 */
public final class StoreModule extends AbstractModule {
    @Provides
    @Singleton
    ParkedObjectStore store(NodeConfig config, MeterRegistry registry) {
        ParkedObjectStore store = config.mode() == Mode.MEMORY_AWARE
                ? RocksDbParkedObjectStore.open(config.requireDataDir())
                : ParkedObjectStore.none();
        Gauge.builder("mre.store.parked.objects", store, ParkedObjectStore::count)
                .description("objects parked on this node: dormant, active in its custody, or terminated here")
                .strongReference(true)
                .register(registry);
        Gauge.builder("mre.store.size", store, ParkedObjectStore::approximateSizeBytes)
                .description("approximate size of the parked-object store")
                .baseUnit("bytes")
                .strongReference(true)
                .register(registry);
        return store;
    }
}
