package io.mre.node.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Turns the bound document into a {@link NodeConfig}, failing on the first bad value with the key's name. */
final class ConfigValidator {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final String file;
    private final Path folder;

    ConfigValidator(String file, Path folder) {
        this.file = requireNonNull(file, "file is null");
        this.folder = requireNonNull(folder, "folder is null");
    }

    NodeConfig validate(RawConfig.Node raw) {
        String nodeId = name("nodeId", required("nodeId", raw.nodeId()));
        String trustDomain = name("trustDomain", required("trustDomain", raw.trustDomain()));
        HostPort listen = parse("listen", required("listen", raw.listen()), HostPort::parse);
        Optional<HostPort> admin = Optional.ofNullable(raw.admin()).map(a -> parse("admin", a, HostPort::parse));
        Mode mode = mode(raw.mode());
        Optional<Path> dataDir = Optional.ofNullable(raw.dataDir()).map(d -> dataDir("dataDir", d));
        if (mode == Mode.MEMORY_AWARE && dataDir.isEmpty()) {
            throw missing("dataDir", " (required when mode is 'memory-aware')");
        }
        RawConfig.Identity rawIdentity = required("identity", raw.identity());
        Identity identity = new Identity(
                file("identity.key", required("identity.key", rawIdentity.key())),
                file("identity.certificate", required("identity.certificate", rawIdentity.certificate())));
        Path trustBundle = folder("trustBundle", required("trustBundle", raw.trustBundle()));
        ClientTls clientTls = clientTls(raw.clientTls(), listen);
        return new NodeConfig(
                nodeId,
                trustDomain,
                listen,
                admin,
                mode,
                dataDir,
                identity,
                trustBundle,
                peers(raw.peers()),
                labels(raw.labels()),
                clientTls,
                plugins(raw.plugins()),
                limits(raw.limits()));
    }

    private Mode mode(String text) {
        if (text == null) {
            return Mode.MEMORY_AWARE;
        }
        for (Mode m : Mode.values()) {
            if (m.label().equals(text.trim())) {
                return m;
            }
        }
        throw fail("mode", "must be 'stateless' or 'memory-aware', got '" + text + "'");
    }

    private ClientTls clientTls(RawConfig.ClientTls raw, HostPort listen) {
        if (raw == null || raw.required() == null) {
            return ClientTls.defaults();
        }
        boolean required = parse("clientTls.required", raw.required(), ConfigValues::bool);
        if (!required && !listen.isLoopback()) {
            throw fail(
                    "clientTls.required",
                    "false is allowed only when listen is a loopback address, got '" + listen + "'");
        }
        return new ClientTls(required);
    }

    private List<HostPort> peers(List<String> raw) {
        if (raw == null) {
            return List.of();
        }
        List<HostPort> peers = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            String key = "peers[" + i + "]";
            HostPort peer = parse(key, required(key, raw.get(i)), HostPort::parse);
            if (peer.port() == 0) {
                throw fail(key, "port must be 1..65535, got '" + raw.get(i) + "'");
            }
            if (peers.contains(peer)) {
                throw fail(key, "duplicate peer '" + peer + "'");
            }
            peers.add(peer);
        }
        return peers;
    }

    private Map<String, String> labels(Map<String, String> raw) {
        if (raw == null) {
            return Map.of();
        }
        Map<String, String> labels = new LinkedHashMap<>();
        raw.forEach((k, v) -> labels.put(k, required("labels." + k, v)));
        return labels;
    }

    private Plugins plugins(RawConfig.Plugins raw) {
        if (raw == null) {
            return Plugins.none();
        }
        return new Plugins(
                Optional.ofNullable(raw.folder()).map(f -> folder("plugins.folder", f)),
                pluginList("plugins.policies", raw.policies()),
                pluginList("plugins.advisors", raw.advisors()),
                pluginList("plugins.handlers", raw.handlers()),
                pluginList("plugins.callers", raw.callers()));
    }

    private List<PluginSpec> pluginList(String key, List<RawConfig.Plugin> raw) {
        if (raw == null) {
            return List.of();
        }
        List<PluginSpec> specs = new ArrayList<>(raw.size());
        Set<String> names = new HashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String at = key + "[" + i + "]";
            RawConfig.Plugin p = required(at, raw.get(i));
            String name = required(at + ".name", p.name()).trim();
            if (!names.add(name)) {
                throw fail(at + ".name", "duplicate plugin '" + name + "'");
            }
            boolean optional = p.optional() != null && parse(at + ".optional", p.optional(), ConfigValues::bool);
            specs.add(new PluginSpec(name, p.settings() == null ? Map.of() : p.settings(), optional));
        }
        return specs;
    }

    private Limits limits(RawConfig.Limits raw) {
        if (raw == null) {
            return Limits.defaults();
        }
        Duration noPeerRetryMax = orDefault(
                "limits.noPeerRetryMax",
                raw.noPeerRetryMax(),
                ConfigValues::positiveDuration,
                Limits.DEFAULT_NO_PEER_RETRY_MAX);
        Duration noPeerRetryDelay = orDefault(
                "limits.noPeerRetryDelay",
                raw.noPeerRetryDelay(),
                ConfigValues::positiveDuration,
                Limits.DEFAULT_NO_PEER_RETRY_DELAY);
        if (noPeerRetryDelay.compareTo(noPeerRetryMax) > 0) {
            // A lowered maximum lowers the default first wait with it; an explicit first wait above it is a mistake.
            if (raw.noPeerRetryDelay() != null) {
                throw fail(
                        "limits.noPeerRetryDelay",
                        "must not exceed limits.noPeerRetryMax ("
                                + (raw.noPeerRetryMax() == null ? noPeerRetryMax + " by default" : raw.noPeerRetryMax())
                                + "), got '" + raw.noPeerRetryDelay() + "'");
            }
            noPeerRetryDelay = noPeerRetryMax;
        }
        return new Limits(
                orDefault(
                        "limits.maxObjectBytes",
                        raw.maxObjectBytes(),
                        ConfigValues::size,
                        Limits.DEFAULT_MAX_OBJECT_BYTES),
                orDefault("limits.maxEntries", raw.maxEntries(), ConfigValues::positiveInt, Limits.DEFAULT_MAX_ENTRIES),
                orDefault(
                        "limits.maxCyclesPerVisit",
                        raw.maxCyclesPerVisit(),
                        ConfigValues::positiveInt,
                        Limits.DEFAULT_MAX_CYCLES_PER_VISIT),
                orDefault(
                        "limits.maxConcurrentEvaluations",
                        raw.maxConcurrentEvaluations(),
                        ConfigValues::positiveInt,
                        Limits.DEFAULT_MAX_CONCURRENT_EVALUATIONS),
                orDefault(
                        "limits.handoffTimeout",
                        raw.handoffTimeout(),
                        ConfigValues::positiveDuration,
                        Limits.DEFAULT_HANDOFF_TIMEOUT),
                orDefault(
                        "limits.keepTerminated",
                        raw.keepTerminated(),
                        ConfigValues::positiveDuration,
                        Limits.DEFAULT_KEEP_TERMINATED),
                noPeerRetryMax,
                noPeerRetryDelay,
                orDefault(
                        "limits.defaultMaxHops",
                        raw.defaultMaxHops(),
                        ConfigValues::positiveInt,
                        Limits.DEFAULT_MAX_HOPS),
                orDefault(
                        "limits.pluginTimeLimit",
                        raw.pluginTimeLimit(),
                        ConfigValues::positiveDuration,
                        Limits.DEFAULT_PLUGIN_TIME_LIMIT),
                orDefault(
                        "limits.maxOverrunningPlugins",
                        raw.maxOverrunningPlugins(),
                        ConfigValues::positiveInt,
                        Limits.DEFAULT_MAX_OVERRUNNING_PLUGINS),
                orDefault(
                        "limits.shutdownGrace",
                        raw.shutdownGrace(),
                        ConfigValues::positiveDuration,
                        Limits.DEFAULT_SHUTDOWN_GRACE));
    }

    private String name(String key, String text) {
        if (!NAME.matcher(text).matches()) {
            throw fail(
                    key,
                    "must be 1 to 128 letters, digits, '.', '_' or '-' (starting with a letter or digit), " + "got '"
                            + text + "'");
        }
        return text;
    }

    private Path file(String key, String text) {
        Path p = resolve(key, text);
        if (!Files.exists(p)) {
            throw fail(key, "file not found: " + p);
        }
        if (!Files.isRegularFile(p)) {
            throw fail(key, "not a file: " + p);
        }
        if (!Files.isReadable(p)) {
            throw fail(key, "cannot read: " + p);
        }
        return p;
    }

    private Path folder(String key, String text) {
        Path p = resolve(key, text);
        if (!Files.exists(p)) {
            throw fail(key, "folder not found: " + p);
        }
        if (!Files.isDirectory(p)) {
            throw fail(key, "not a folder: " + p);
        }
        return p;
    }

    /** The data folder may not exist yet (the store creates it), but it must not be a file. */
    private Path dataDir(String key, String text) {
        Path p = resolve(key, text);
        if (Files.exists(p) && !Files.isDirectory(p)) {
            throw fail(key, "not a folder: " + p);
        }
        return p;
    }

    private Path resolve(String key, String text) {
        if (text.isBlank()) {
            throw fail(key, "must not be empty");
        }
        try {
            return folder.resolve(text.trim()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw fail(key, "not a valid path, got '" + text + "'");
        }
    }

    private <T> T orDefault(String key, String text, Function<String, T> parser, T defaultValue) {
        return text == null ? defaultValue : parse(key, text, parser);
    }

    private <T> T parse(String key, String text, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw fail(key, e.getMessage());
        }
    }

    private <T> T required(String key, T value) {
        if (value == null) {
            throw missing(key, "");
        }
        if (value instanceof String s && s.isBlank()) {
            throw fail(key, "must not be empty");
        }
        return value;
    }

    private ConfigException missing(String key, String why) {
        return new ConfigException(file + ": missing required key '" + key + "'" + why);
    }

    private ConfigException fail(String key, String problem) {
        return new ConfigException(
                file + ": " + key + ": " + problem.replace("\r", "\\r").replace("\n", "\\n"));
    }
}
