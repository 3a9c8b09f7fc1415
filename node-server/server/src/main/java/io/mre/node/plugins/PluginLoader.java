package io.mre.node.plugins;

import static java.util.Objects.requireNonNull;

import io.mre.node.config.PluginSpec;
import io.mre.node.config.Plugins;
import io.mre.proto.v1.PluginInfo;
import io.mre.spi.Advisor;
import io.mre.spi.AdvisorFactory;
import io.mre.spi.MrePlugin;
import io.mre.spi.OperationHandler;
import io.mre.spi.OperationHandlerFactory;
import io.mre.spi.PluginSettings;
import io.mre.spi.Policy;
import io.mre.spi.PolicyFactory;
import io.mre.spi.SpiVersion;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds plugins — built in (on the node's class path) and in the plugin folder (each jar or exploded folder in
 * its own {@link PluginClassLoader}) — refuses those built for another SPI version, then creates the policies,
 * advisors and handlers the configuration enables, with their settings. A broken plugin stops start-up with one
 * line naming the jar, the plugin and the cause, unless the configuration marks it optional.
 */
public final class PluginLoader {
    private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);
    private static final List<String> SHARED_PACKAGES = List.of("io.mre.spi.");

    private record Found<F>(F factory, String source) {}

    private final Map<String, Found<PolicyFactory>> policies = new HashMap<>();
    private final Map<String, Found<AdvisorFactory>> advisors = new HashMap<>();
    private final Map<String, Found<OperationHandlerFactory>> handlers = new HashMap<>();
    private final List<String> refused = new ArrayList<>();

    /** Loads everything the configuration enables. */
    public static LoadedPlugins load(Plugins config) {
        PluginLoader loader = new PluginLoader();
        loader.discover(ServiceLoader.load(MrePlugin.class, PluginLoader.class.getClassLoader()), "builtin");
        config.folder().ifPresent(loader::discoverFolder);
        return loader.create(config);
    }

    private void discoverFolder(Path folder) {
        List<Path> entries;
        try (Stream<Path> s = Files.list(folder)) {
            entries = s.filter(p -> p.toString().endsWith(".jar") || Files.isDirectory(p)).sorted().toList();
        } catch (IOException e) {
            throw new PluginException("plugin folder " + folder + " cannot be read: " + e.getMessage(), e);
        }
        for (Path entry : entries) {
            PluginClassLoader loader = new PluginClassLoader("plugin:" + entry.getFileName(), urls(entry),
                    PluginLoader.class.getClassLoader(), SHARED_PACKAGES);
            discover(ServiceLoader.load(MrePlugin.class, loader), entry.getFileName().toString());
        }
    }

    private static List<URL> urls(Path entry) {
        try {
            if (Files.isDirectory(entry)) {
                // An exploded plugin: its classes folder and every jar in its lib/ folder.
                List<URL> urls = new ArrayList<>();
                urls.add(entry.toUri().toURL());
                Path lib = entry.resolve("lib");
                if (Files.isDirectory(lib)) {
                    try (Stream<Path> s = Files.list(lib)) {
                        for (Path jar : s.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                            urls.add(jar.toUri().toURL());
                        }
                    }
                }
                return urls;
            }
            return List.of(entry.toUri().toURL());
        } catch (IOException e) {
            throw new PluginException("plugin " + entry + " cannot be read: " + e.getMessage(), e);
        }
    }

    private void discover(ServiceLoader<MrePlugin> services, String source) {
        try {
            for (MrePlugin plugin : services) {
                if (plugin.spiVersion() != SpiVersion.CURRENT) {
                    String why = source + ": plugin '" + plugin.name() + "' was built for SPI version "
                            + plugin.spiVersion() + "; this node provides version " + SpiVersion.CURRENT;
                    refused.add(why);
                    LOG.warn("refused {}", why);
                    continue;
                }
                register(plugin.policies(), PolicyFactory::name, policies, "policy", plugin, source);
                register(plugin.advisors(), AdvisorFactory::name, advisors, "advisor", plugin, source);
                register(plugin.handlers(), OperationHandlerFactory::name, handlers, "handler", plugin, source);
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            throw new PluginException(source + ": cannot load its plugin entry point: " + rootCause(e), e);
        }
    }

    private <F> void register(List<F> factories, Function<F, String> name, Map<String, Found<F>> into, String kind,
            MrePlugin plugin, String source) {
        for (F f : factories) {
            Found<F> previous = into.putIfAbsent(name.apply(f), new Found<>(f, source));
            if (previous != null) {
                throw new PluginException(source + ": plugin '" + plugin.name() + "' registers " + kind + " '"
                        + name.apply(f) + "', already registered by " + previous.source());
            }
            LOG.info("registered {} '{}' from {} ({})", kind, name.apply(f), plugin.name(), source);
        }
    }

    private LoadedPlugins create(Plugins config) {
        List<PluginInfo> infos = new ArrayList<>();
        List<Policy> ps = new ArrayList<>();
        for (PluginSpec spec : config.policies()) {
            instantiate(spec, policies, "policy", infos, (f, s) -> f.create(s)).ifPresent(ps::add);
        }
        List<Advisor> as = new ArrayList<>();
        for (PluginSpec spec : config.advisors()) {
            instantiate(spec, advisors, "advisor", infos, (f, s) -> f.create(s)).ifPresent(as::add);
        }
        List<OperationHandler> hs = new ArrayList<>();
        for (PluginSpec spec : config.handlers()) {
            instantiate(spec, handlers, "handler", infos, (f, s) -> f.create(s)).ifPresent(hs::add);
        }
        return new LoadedPlugins(ps, as, hs, infos);
    }

    private <F, T> java.util.Optional<T> instantiate(PluginSpec spec, Map<String, Found<F>> registry, String kind,
            List<PluginInfo> infos, java.util.function.BiFunction<F, PluginSettings, T> create) {
        Found<F> found = registry.get(spec.name());
        try {
            if (found == null) {
                throw new PluginException("no " + kind + " named '" + spec.name() + "' (known: "
                        + new java.util.TreeSet<>(registry.keySet()) + ")"
                        + (refused.isEmpty() ? "" : "; refused: " + refused));
            }
            T created = requireNonNull(create.apply(found.factory(), new PluginSettings(kind + " '" + spec.name() + "'",
                    spec.settings())), "factory returned null");
            infos.add(PluginInfo.newBuilder().setName(spec.name()).setKind(kind).setSource(found.source()).build());
            LOG.info("enabled {} '{}' from {}", kind, spec.name(), found.source());
            return java.util.Optional.of(created);
        } catch (RuntimeException | LinkageError e) {
            String where = found == null ? "" : found.source() + ": ";
            String message = where + kind + " '" + spec.name() + "' cannot be created: " + rootCause(e);
            if (spec.optional()) {
                LOG.warn("skipping optional {}", message);
                return java.util.Optional.empty();
            }
            throw e instanceof PluginException pe && found == null ? pe : new PluginException(message, e);
        }
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String msg = t.getMessage();
        return t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }
}
