package io.mre.node.plugins;

import static java.util.Objects.requireNonNull;

import io.mre.node.config.PluginSpec;
import io.mre.node.config.Plugins;
import io.mre.proto.v1.PluginInfo;
import io.mre.spi.Advisor;
import io.mre.spi.AdvisorFactory;
import io.mre.spi.CallerAuthorizer;
import io.mre.spi.CallerAuthorizerFactory;
import io.mre.spi.ExpressionEvaluator;
import io.mre.spi.MrePlugin;
import io.mre.spi.OperationHandler;
import io.mre.spi.OperationHandlerFactory;
import io.mre.spi.PluginSettings;
import io.mre.spi.Policy;
import io.mre.spi.PolicyFactory;
import io.mre.spi.SpiVersion;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds plugins — built in and in the plugin folder, each jar or exploded folder in its own
 * {@link PluginClassLoader} — refuses those built for another SPI version, then creates the policies, advisors and
 * handlers the configuration enables, with their settings. The built-in plugins ship in the folder
 * {@value #BUILTIN_FOLDER} beside the node's jar (the build puts them there; the system property
 * {@value #BUILTIN_PROPERTY} may name another) and load exactly as folder plugins do (after Trino's plugin
 * directory); plugins on the node's own class path (an embedding application's, a test's) are found too.
 *
 * <p>Failures are reported where they matter: a plugin that cannot be loaded or is refused is logged as a warning
 * when the folder is scanned; start-up stops, with one line naming the jar, the plugin and the cause, when
 * something the configuration enables cannot be created (missing because its plugin was refused or broken, a
 * factory that throws, bad settings) — unless the configuration marks it {@code optional}, in which case it is
 * skipped with a warning. Two plugins registering the same name always stop start-up.
 */
public final class PluginLoader {
    private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);
    private static final List<String> SHARED_PACKAGES = List.of("io.mre.spi.");
    private static final String BUILTIN = "builtin";
    /** The folder of built-in plugins, beside the node's jar (or its classes folder). */
    static final String BUILTIN_FOLDER = "builtin-plugins";
    /** A system property naming the folder of built-in plugins instead. */
    static final String BUILTIN_PROPERTY = "mre.plugins.builtin";

    private static final Pattern PROVIDER = Pattern.compile("Provider (\\S+)");

    /** A factory found in a plugin, and where. */
    private record Found<F>(F factory, String plugin, String source) {}

    /** A plugin that was refused or could not be loaded; {@code names} are the names it would have registered. */
    private record Unusable(String source, String plugin, String why, Set<String> names) {
        String describe() {
            return source + ": plugin '" + plugin + "' " + why;
        }
    }

    private final Map<String, Found<PolicyFactory>> policies = new HashMap<>();
    private final Map<String, Found<AdvisorFactory>> advisors = new HashMap<>();
    private final Map<String, Found<OperationHandlerFactory>> handlers = new HashMap<>();
    private final Map<String, Found<CallerAuthorizerFactory>> callers = new HashMap<>();
    private final List<Unusable> unusable = new ArrayList<>();
    private Found<ExpressionEvaluator> expressions;

    private PluginLoader() {}

    /**
     * Loads everything the configuration enables.
     *
     * @throws PluginException naming the jar, the plugin and the cause when something enabled (and not optional)
     *     cannot be created, or two plugins register the same name
     */
    public static LoadedPlugins load(Plugins config) {
        return load(config, builtinFolder());
    }

    /** As {@link #load(Plugins)}, with the built-in plugins from {@code builtins}. */
    static LoadedPlugins load(Plugins config, Optional<Path> builtins) {
        PluginLoader loader = new PluginLoader();
        builtins.ifPresent(folder -> loader.discoverFolder(folder, true));
        loader.discover(ServiceLoader.load(MrePlugin.class, PluginLoader.class.getClassLoader()), BUILTIN);
        config.folder().ifPresent(folder -> loader.discoverFolder(folder, false));
        return loader.create(config);
    }

    /** The folder of built-in plugins: the system property's, else the one beside the node's code, if present. */
    static Optional<Path> builtinFolder() {
        String named = System.getProperty(BUILTIN_PROPERTY);
        if (named != null && !named.isBlank()) {
            return Optional.of(Path.of(named));
        }
        try {
            CodeSource code = PluginLoader.class.getProtectionDomain().getCodeSource();
            if (code == null || code.getLocation() == null) {
                return Optional.empty();
            }
            Path folder = Path.of(code.getLocation().toURI())
                    .toAbsolutePath()
                    .getParent()
                    .resolve(BUILTIN_FOLDER);
            if (Files.isDirectory(folder)) {
                return Optional.of(folder);
            }
            LOG.warn("no built-in plugins: {} is not a folder", folder);
            return Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            LOG.warn("no built-in plugins: the node's location is unknown ({})", e.toString());
            return Optional.empty();
        }
    }

    // ---- discovery

    private void discoverFolder(Path folder, boolean builtin) {
        List<Path> entries;
        try (Stream<Path> s = Files.list(folder)) {
            entries = s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> p.toString().endsWith(".jar") || Files.isDirectory(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new PluginException(
                    "plugins.folder",
                    (builtin ? "built-in " : "") + "plugin folder " + folder + " cannot be read: " + e.getMessage(),
                    e);
        }
        for (Path entry : entries) {
            PluginClassLoader loader = new PluginClassLoader(
                    "plugin:" + entry.getFileName(), urls(entry), PluginLoader.class.getClassLoader(), SHARED_PACKAGES);
            discover(
                    ServiceLoader.load(MrePlugin.class, loader),
                    builtin ? BUILTIN : entry.getFileName().toString());
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
                        for (Path jar : s.filter(p -> p.toString().endsWith(".jar"))
                                .sorted()
                                .toList()) {
                            urls.add(jar.toUri().toURL());
                        }
                    }
                }
                return urls;
            }
            return List.of(entry.toUri().toURL());
        } catch (IOException e) {
            throw new PluginException("plugins.folder", "plugin " + entry + " cannot be read: " + e.getMessage(), e);
        }
    }

    private void discover(ServiceLoader<MrePlugin> services, String source) {
        Iterator<MrePlugin> it = services.iterator();
        String lastError = null;
        while (true) {
            MrePlugin plugin;
            try {
                if (!it.hasNext()) {
                    return;
                }
                plugin = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                // The services file names a class that is missing, not a plugin, or whose constructor throws.
                // The iterator moves past it, so the jar's other plugins still load; stop if it keeps failing.
                String why = "cannot be loaded: " + describe(e);
                if (why.equals(lastError)) {
                    return;
                }
                lastError = why;
                markUnusable(new Unusable(source, providerOf(e), why, Set.of()));
                continue;
            }
            discover(plugin, source);
        }
    }

    private void discover(MrePlugin plugin, String source) {
        String name = plugin.getClass().getName();
        List<Found<PolicyFactory>> ps = new ArrayList<>();
        List<Found<AdvisorFactory>> as = new ArrayList<>();
        List<Found<OperationHandlerFactory>> hs = new ArrayList<>();
        List<Found<CallerAuthorizerFactory>> cs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Optional<ExpressionEvaluator> evaluator;
        try {
            name = Optional.ofNullable(plugin.name()).filter(n -> !n.isBlank()).orElse(name);
            int version = plugin.spiVersion();
            if (version != SpiVersion.CURRENT) {
                markUnusable(new Unusable(
                        source,
                        name,
                        "was built for SPI version " + version + "; this node provides version " + SpiVersion.CURRENT,
                        namesOf(plugin)));
                return;
            }
            collect(plugin.policies(), PolicyFactory::name, name, source, ps, names);
            collect(plugin.advisors(), AdvisorFactory::name, name, source, as, names);
            collect(plugin.handlers(), OperationHandlerFactory::name, name, source, hs, names);
            collect(plugin.callerAuthorizers(), CallerAuthorizerFactory::name, name, source, cs, names);
            evaluator = requireNonNull(
                    withContextLoader(plugin, plugin::expressionEvaluator), "expressionEvaluator() returned null");
            evaluator.ifPresent(e -> requireNonNull(e.language(), "the expression evaluator has no language"));
        } catch (RuntimeException | LinkageError e) {
            markUnusable(new Unusable(source, name, "cannot be loaded: " + describe(e), new LinkedHashSet<>(names)));
            return;
        }
        register(ps, PolicyFactory::name, policies, "policy");
        register(as, AdvisorFactory::name, advisors, "advisor");
        register(hs, OperationHandlerFactory::name, handlers, "handler");
        register(cs, CallerAuthorizerFactory::name, callers, "caller authorizer");
        if (evaluator.isPresent()) {
            Found<ExpressionEvaluator> f = new Found<>(evaluator.get(), name, source);
            if (expressions != null) {
                throw new PluginException(
                        "plugins.folder",
                        source + ": plugin '" + name + "' provides a reentry "
                                + "expression evaluator, already provided by plugin '" + expressions.plugin() + "' ("
                                + expressions.source() + "); a node has one");
            }
            expressions = f;
            LOG.info(
                    "registered reentry expressions '{}' of plugin '{}' ({})",
                    f.factory().language(),
                    name,
                    source);
        }
    }

    private static <F> void collect(
            List<F> factories,
            Function<F, String> nameOf,
            String plugin,
            String source,
            List<Found<F>> into,
            List<String> names) {
        for (F f : requireNonNull(factories, "a factory list is null")) {
            String name = nameOf.apply(requireNonNull(f, "a factory is null"));
            if (name == null || name.isBlank()) {
                throw new IllegalStateException("factory " + f.getClass().getName() + " has no name");
            }
            names.add(name);
            into.add(new Found<>(f, plugin, source));
        }
    }

    /** The names a refused plugin contributes, as far as it can tell them (it was built against another SPI). */
    private static Set<String> namesOf(MrePlugin plugin) {
        Set<String> names = new LinkedHashSet<>();
        try {
            plugin.policies().forEach(f -> names.add(f.name()));
            plugin.advisors().forEach(f -> names.add(f.name()));
            plugin.handlers().forEach(f -> names.add(f.name()));
            plugin.callerAuthorizers().forEach(f -> names.add(f.name()));
        } catch (RuntimeException | LinkageError e) {
            // What it could not tell stays unnamed: a spec asking for it then says which plugins were refused.
        }
        return names;
    }

    private void markUnusable(Unusable u) {
        unusable.add(u);
        LOG.warn("{}", u.describe());
    }

    private <F> void register(
            List<Found<F>> found, Function<F, String> nameOf, Map<String, Found<F>> into, String kind) {
        for (Found<F> f : found) {
            String name = nameOf.apply(f.factory());
            Found<F> previous = into.putIfAbsent(name, f);
            if (previous != null) {
                throw new PluginException(
                        "plugins.folder",
                        f.source() + ": plugin '" + f.plugin() + "' registers "
                                + kind + " '" + name + "', already registered by plugin '" + previous.plugin() + "' ("
                                + previous.source() + ")");
            }
            LOG.info("registered {} '{}' of plugin '{}' ({})", kind, name, f.plugin(), f.source());
        }
    }

    // ---- creation

    private LoadedPlugins create(Plugins config) {
        List<PluginInfo> infos = new ArrayList<>();
        List<Policy> ps = new ArrayList<>();
        for (PluginSpec spec : config.policies()) {
            instantiate(spec, policies, "policy", "plugins.policies", infos, PolicyFactory::create, Policy::name)
                    .ifPresent(ps::add);
        }
        List<Advisor> as = new ArrayList<>();
        for (PluginSpec spec : config.advisors()) {
            instantiate(spec, advisors, "advisor", "plugins.advisors", infos, AdvisorFactory::create, Advisor::name)
                    .ifPresent(as::add);
        }
        List<OperationHandler> hs = new ArrayList<>();
        for (PluginSpec spec : config.handlers()) {
            instantiate(
                            spec,
                            handlers,
                            "handler",
                            "plugins.handlers",
                            infos,
                            OperationHandlerFactory::create,
                            OperationHandler::operation)
                    .ifPresent(hs::add);
        }
        List<CallerAuthorizer> cs = new ArrayList<>();
        for (PluginSpec spec : config.callers()) {
            instantiate(
                            spec,
                            callers,
                            "caller authorizer",
                            "plugins.callers",
                            infos,
                            CallerAuthorizerFactory::create,
                            CallerAuthorizer::name)
                    .ifPresent(cs::add);
        }
        return new LoadedPlugins(
                ps, as, hs, cs, infos, Optional.ofNullable(expressions).map(Found::factory));
    }

    private <F, T> Optional<T> instantiate(
            PluginSpec spec,
            Map<String, Found<F>> registry,
            String kind,
            String key,
            List<PluginInfo> infos,
            BiFunction<F, PluginSettings, T> create,
            Function<T, String> nameOf) {
        Found<F> found = registry.get(spec.name());
        String message;
        Throwable cause = null;
        if (found == null) {
            message = notFound(kind, spec.name(), registry.keySet());
        } else {
            try {
                T created = withContextLoader(
                        found.factory(),
                        () -> create.apply(
                                found.factory(), new PluginSettings(kind + " '" + spec.name() + "'", spec.settings())));
                requireNonNull(created, "the factory returned null");
                String name = nameOf.apply(created);
                if (name == null || name.isBlank()) {
                    throw new IllegalStateException("the " + kind + " it created has no name");
                }
                infos.add(PluginInfo.newBuilder()
                        .setName(spec.name())
                        .setKind(kind)
                        .setSource(found.source())
                        .build());
                LOG.info("enabled {} '{}' of plugin '{}' ({})", kind, spec.name(), found.plugin(), found.source());
                return Optional.of(created);
            } catch (RuntimeException | LinkageError e) {
                message = found.source() + ": " + kind + " '" + spec.name() + "' of plugin '" + found.plugin()
                        + "' cannot be created: " + describe(e);
                cause = e;
            }
        }
        if (spec.optional()) {
            LOG.warn("skipping optional {}", message);
            return Optional.empty();
        }
        throw new PluginException(key, message, cause);
    }

    private String notFound(String kind, String name, Set<String> known) {
        for (Unusable u : unusable) {
            if (u.names().contains(name)) {
                return u.source() + ": " + kind + " '" + name + "' cannot be enabled: plugin '" + u.plugin() + "' "
                        + u.why();
            }
        }
        return "no " + kind + " named '" + name + "' (known: " + new TreeSet<>(known) + ")"
                + (unusable.isEmpty()
                        ? ""
                        : "; not loaded: "
                                + String.join(
                                        "; ",
                                        unusable.stream()
                                                .map(Unusable::describe)
                                                .toList()));
    }

    /** Runs a factory with the plugin's class loader as the context loader, for libraries that look there. */
    private static <T> T withContextLoader(Object pluginObject, Supplier<T> call) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(pluginObject.getClass().getClassLoader());
        try {
            return call.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    // ---- messages

    /** The class a failed provider names, from the service loader's message. */
    private static String providerOf(Throwable e) {
        Matcher m = PROVIDER.matcher(String.valueOf(e.getMessage()));
        return m.find() ? m.group(1) : "?";
    }

    /** The failure on one line: the service loader's own message when it has one, then the root cause. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = oneLine(root);
        if (e instanceof ServiceConfigurationError && root != e) {
            text = e.getMessage() + " (" + text + ")";
        }
        return text.replaceAll("\\s*\\R\\s*", " ");
    }

    private static String oneLine(Throwable t) {
        String msg = t.getMessage();
        return t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }
}
