package io.mre.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NodeConfigTest {
    private static final String MINIMAL = """
            nodeId: claims-1
            trustDomain: insurer.example
            listen: 127.0.0.1:0
            dataDir: data
            identity: {key: tls/node.key, certificate: tls/node.crt}
            trustBundle: trust
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void files() throws IOException {
        Files.createDirectories(dir.resolve("tls"));
        Files.writeString(dir.resolve("tls/node.key"), "key");
        Files.writeString(dir.resolve("tls/node.crt"), "crt");
        Files.createDirectories(dir.resolve("trust"));
        Files.createDirectories(dir.resolve("plugins"));
    }

    @Test
    void load_minimalConfigAppliesDefaults() throws IOException {
        NodeConfig config = load(MINIMAL);

        assertThat(config.nodeId()).isEqualTo("claims-1");
        assertThat(config.trustDomain()).isEqualTo("insurer.example");
        assertThat(config.listen()).isEqualTo(new HostPort("127.0.0.1", 0));
        assertThat(config.admin()).isEmpty();
        assertThat(config.mode()).isEqualTo(Mode.MEMORY_AWARE);
        assertThat(config.dataDir()).contains(dir.resolve("data"));
        assertThat(config.identity()).isEqualTo(new Identity(dir.resolve("tls/node.key"), dir.resolve("tls/node.crt")));
        assertThat(config.trustBundle()).isEqualTo(dir.resolve("trust"));
        assertThat(config.peers()).isEmpty();
        assertThat(config.labels()).isEmpty();
        assertThat(config.clientTls().required()).isTrue();
        assertThat(config.plugins()).isEqualTo(Plugins.none());
        assertThat(config.limits())
                .isEqualTo(new Limits(4L * 1024 * 1024, 100_000, 64, 256, Duration.ofSeconds(5), Duration.ofDays(7)));
    }

    @Test
    void load_fullConfigReadsEveryKey() throws IOException {
        NodeConfig config = load("""
                nodeId: bureau-2
                trustDomain: bureau.example
                listen: "[::1]:7443"
                admin: 127.0.0.1:9464
                mode: stateless
                identity: {key: tls/node.key, certificate: tls/node.crt}
                trustBundle: ./trust/
                peers: [insurer.example.com:7443, 10.0.0.7:7444]
                labels: {region: eu-west, tier: 1}
                clientTls: {required: false}
                plugins:
                  folder: plugins
                  policies:
                    - name: hop-limit
                      settings: {maxHops: 8, regions: [eu, us], empty: }
                  advisors: [{name: reroute, optional: true}]
                  handlers: []
                limits: {maxObjectBytes: 512KiB, maxEntries: 10, maxCyclesPerVisit: 3,
                         maxConcurrentEvaluations: 7, handoffTimeout: 500ms, keepTerminated: 36h,
                         noPeerRetryMax: 2m, noPeerRetryDelay: 1s, defaultMaxHops: 4, pluginTimeLimit: 250ms,
                         maxOverrunningPlugins: 3, shutdownGrace: 1m30s}
                """);

        assertThat(config.listen()).isEqualTo(new HostPort("::1", 7443));
        assertThat(config.listen().toString()).isEqualTo("[::1]:7443");
        assertThat(config.admin()).contains(new HostPort("127.0.0.1", 9464));
        assertThat(config.mode()).isEqualTo(Mode.STATELESS);
        assertThat(config.dataDir()).isEmpty();
        assertThat(config.trustBundle()).isEqualTo(dir.resolve("trust"));
        assertThat(config.peers())
                .containsExactly(new HostPort("insurer.example.com", 7443), new HostPort("10.0.0.7", 7444));
        assertThat(config.labels()).isEqualTo(Map.of("region", "eu-west", "tier", "1"));
        assertThat(config.clientTls().required()).isFalse();
        assertThat(config.plugins().folder()).contains(dir.resolve("plugins"));
        assertThat(config.plugins().policies())
                .containsExactly(
                        new PluginSpec("hop-limit", Map.of("maxHops", 8, "regions", List.of("eu", "us")), false));
        assertThat(config.plugins().advisors()).containsExactly(new PluginSpec("reroute", Map.of(), true));
        assertThat(config.plugins().handlers()).isEmpty();
        assertThat(config.limits())
                .isEqualTo(new Limits(
                        512 * 1024,
                        10,
                        3,
                        7,
                        Duration.ofMillis(500),
                        Duration.ofHours(36),
                        Duration.ofMinutes(2),
                        Duration.ofSeconds(1),
                        4,
                        Duration.ofMillis(250),
                        3,
                        Duration.ofSeconds(90)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            5s      | PT5S
            500ms   | PT0.5S
            PT1M30S | PT1M30S
            2m      | PT2M
            1h      | PT1H
            1h30m   | PT1H30M
            '1h 30m' | PT1H30M
            5 s     | PT5S
            pt2s    | PT2S
            """)
    void load_handoffTimeoutAcceptsUnitsAndIso(String text, String expected) throws IOException {
        NodeConfig config = load(MINIMAL + "limits: {handoffTimeout: " + text + "}\n");

        assertThat(config.limits().handoffTimeout()).isEqualTo(Duration.parse(expected));
    }

    @Test
    void load_noPeerRetryMaxBelowTheDefaultFirstWait_lowersTheFirstWaitWithIt() throws IOException {
        NodeConfig config = load(MINIMAL + "limits: {noPeerRetryMax: 2s}\n");

        assertThat(config.limits().noPeerRetryDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(load(MINIMAL).limits().noPeerRetryDelay()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void load_absolutePathsAreKeptAsGiven() throws IOException {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere/bundle"));
        NodeConfig config = load(MINIMAL.replace("trustBundle: trust", "trustBundle: " + elsewhere));

        assertThat(config.trustBundle()).isEqualTo(elsewhere);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            listenn: x                    | node.yaml: unknown key 'listenn' (known: admin, clientTls, dataDir, identity, labels, limits, listen, mode, nodeId, peers, plugins, trustBundle, trustDomain)
            limits: {maxCycle: 3}         | node.yaml: unknown key 'limits.maxCycle' (known: defaultMaxHops, handoffTimeout, keepTerminated, maxConcurrentEvaluations, maxCyclesPerVisit, maxEntries, maxObjectBytes, maxOverrunningPlugins, noPeerRetryDelay, noPeerRetryMax, pluginTimeLimit, shutdownGrace)
            clientTls: {require: false}   | node.yaml: unknown key 'clientTls.require' (known: required)
            plugins: {policies: [{name: a, setting: {}}]} | node.yaml: unknown key 'plugins.policies[0].setting' (known: name, optional, settings)
            """)
    void load_unknownKey_namesKeyAndKnownKeys(String extra, String message) {
        assertFails(MINIMAL + extra + "\n", message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            nodeId: claims-1         | node.yaml: missing required key 'nodeId'
            trustDomain: insurer.example | node.yaml: missing required key 'trustDomain'
            listen: 127.0.0.1:0      | node.yaml: missing required key 'listen'
            trustBundle: trust       | node.yaml: missing required key 'trustBundle'
            "identity: {key: tls/node.key, certificate: tls/node.crt}" | node.yaml: missing required key 'identity'
            dataDir: data            | node.yaml: missing required key 'dataDir' (required when mode is 'memory-aware')
            """)
    void load_missingRequiredKey_namesKey(String line, String message) {
        assertFails(MINIMAL.replace(line + "\n", ""), message);
    }

    @Test
    void load_missingNestedKey_namesDottedKey() {
        assertFails(
                MINIMAL.replace(
                        "identity: {key: tls/node.key, certificate: tls/node.crt}", "identity: {key: tls/node.key}"),
                "node.yaml: missing required key 'identity.certificate'");
    }

    @Test
    void load_emptyValue_isMissing() {
        assertFails(MINIMAL.replace("listen: 127.0.0.1:0", "listen:"), "node.yaml: missing required key 'listen'");
    }

    @Test
    void load_missingIdentityFile_namesKeyAndFile() throws IOException {
        Files.delete(dir.resolve("tls/node.key"));

        assertFails(MINIMAL, "node.yaml: identity.key: file not found: " + dir.resolve("tls/node.key"));
    }

    @Test
    void load_certificateIsAFolder_namesKey() {
        assertFails(
                MINIMAL.replace("certificate: tls/node.crt", "certificate: tls"),
                "node.yaml: identity.certificate: not a file: " + dir.resolve("tls"));
    }

    @Test
    void load_missingTrustBundle_namesKeyAndFolder() {
        assertFails(
                MINIMAL.replace("trustBundle: trust", "trustBundle: nowhere"),
                "node.yaml: trustBundle: folder not found: " + dir.resolve("nowhere"));
    }

    @Test
    void load_trustBundleIsAFile_namesKey() {
        assertFails(
                MINIMAL.replace("trustBundle: trust", "trustBundle: tls/node.crt"),
                "node.yaml: trustBundle: not a folder: " + dir.resolve("tls/node.crt"));
    }

    @Test
    void load_missingPluginFolder_namesKey() {
        assertFails(
                MINIMAL + "plugins: {folder: gone}\n",
                "node.yaml: plugins.folder: folder not found: " + dir.resolve("gone"));
    }

    @Test
    void load_dataDirIsAFile_namesKey() {
        assertFails(
                MINIMAL.replace("dataDir: data", "dataDir: tls/node.key"),
                "node.yaml: dataDir: not a folder: " + dir.resolve("tls/node.key"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            mode: foo                           | node.yaml: mode: must be 'stateless' or 'memory-aware', got 'foo'
            nodeId: a b                         | node.yaml: nodeId: must be 1 to 128 letters, digits, '.', '_' or '-' (starting with a letter or digit), got 'a b'
            trustDomain: -x                     | node.yaml: trustDomain: must be 1 to 128 letters, digits, '.', '_' or '-' (starting with a letter or digit), got '-x'
            listen: localhost                   | node.yaml: listen: must be host:port, got 'localhost'
            listen: 127.0.0.1:70000             | node.yaml: listen: port must be 0..65535, got '127.0.0.1:70000'
            listen: '::1:7443'                  | node.yaml: listen: must be host:port (IPv6 as [addr]:port), got '::1:7443'
            admin: 127.0.0.1:http               | node.yaml: admin: must be host:port, got '127.0.0.1:http'
            peers: [a.example:0]                | node.yaml: peers[0]: port must be 1..65535, got 'a.example:0'
            peers: [a.example:1, nope]          | node.yaml: peers[1]: must be host:port, got 'nope'
            peers: [a.example:1, a.example:1]   | node.yaml: peers[1]: duplicate peer 'a.example:1'
            peers: {a: 1}                       | node.yaml: peers: expected a list, got a mapping
            listen: [a, b]                      | node.yaml: listen: expected a single value, got a list
            labels: {region: }                  | node.yaml: missing required key 'labels.region'
            clientTls: {required: maybe}        | node.yaml: clientTls.required: must be true or false, got 'maybe'
            plugins: {policies: [{optional: true}]} | node.yaml: missing required key 'plugins.policies[0].name'
            plugins: {handlers: [{name: a}, {name: a}]} | node.yaml: plugins.handlers[1].name: duplicate plugin 'a'
            plugins: {advisors: [{name: a, optional: maybe}]} | node.yaml: plugins.advisors[0].optional: must be true or false, got 'maybe'
            limits: {maxEntries: abc}           | node.yaml: limits.maxEntries: must be a positive integer, got 'abc'
            limits: {maxCyclesPerVisit: 0}      | node.yaml: limits.maxCyclesPerVisit: must be a positive integer, got '0'
            limits: {maxConcurrentEvaluations: 99999999999} | node.yaml: limits.maxConcurrentEvaluations: must be a positive integer, got '99999999999'
            limits: {maxObjectBytes: 4MB}       | node.yaml: limits.maxObjectBytes: must be a size such as 4194304, 512KiB or 4MiB, got '4MB'
            limits: {maxObjectBytes: 2GiB}      | node.yaml: limits.maxObjectBytes: must be between 1 and 1GiB, got '2GiB'
            limits: {handoffTimeout: soon}      | node.yaml: limits.handoffTimeout: must be a duration such as 500ms, 30s, 1h30m or PT10M, got 'soon'
            limits: {handoffTimeout: 30}        | node.yaml: limits.handoffTimeout: must be a duration such as 500ms, 30s, 1h30m or PT10M, got '30'
            limits: {handoffTimeout: PT-5S}     | node.yaml: limits.handoffTimeout: must not be negative, got 'PT-5S'
            limits: {noPeerRetryDelay: 0}       | node.yaml: limits.noPeerRetryDelay: must be a positive duration, got '0'
            limits: {noPeerRetryDelay: 20m}     | node.yaml: limits.noPeerRetryDelay: must not exceed limits.noPeerRetryMax (PT15M by default), got '20m'
            limits: {noPeerRetryMax: 1m, noPeerRetryDelay: 2m} | node.yaml: limits.noPeerRetryDelay: must not exceed limits.noPeerRetryMax (1m), got '2m'
            limits: {defaultMaxHops: 0}         | node.yaml: limits.defaultMaxHops: must be a positive integer, got '0'
            limits: {pluginTimeLimit: 0ms}      | node.yaml: limits.pluginTimeLimit: must be a positive duration, got '0ms'
            limits: {pluginTimeLimit: fast}     | node.yaml: limits.pluginTimeLimit: must be a duration such as 500ms, 30s, 1h30m or PT10M, got 'fast'
            limits: {maxOverrunningPlugins: -1} | node.yaml: limits.maxOverrunningPlugins: must be a positive integer, got '-1'
            limits: {shutdownGrace: 0s}         | node.yaml: limits.shutdownGrace: must be a positive duration, got '0s'
            limits: {shutdownGrace: 20000000d}  | node.yaml: limits.shutdownGrace: must be at most 10000 years, got '20000000d'
            limits: {handoffTimeout: 0s}        | node.yaml: limits.handoffTimeout: must be a positive duration, got '0s'
            limits: {noPeerRetryMax: 0s}        | node.yaml: limits.noPeerRetryMax: must be a positive duration, got '0s'
            """)
    void load_badValue_namesKeyAndValue(String line, String message) {
        String key = line.substring(0, line.indexOf(':'));
        String yaml =
                MINIMAL.lines().filter(l -> !l.startsWith(key + ":")).reduce("", (a, b) -> a + b + "\n") + line + "\n";

        assertFails(yaml, message);
    }

    @Test
    void load_plaintextOnPublicListener_isRefused() {
        assertFails(
                MINIMAL.replace("127.0.0.1:0", "0.0.0.0:7443") + "clientTls: {required: false}\n",
                "node.yaml: clientTls.required: false is allowed only when listen is a loopback address, "
                        + "got '0.0.0.0:7443'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:0", "localhost:7443", "\"[::1]:7443\"", "127.1.2.3:1"})
    void load_plaintextOnLoopbackListener_isAccepted(String listen) throws IOException {
        NodeConfig config = load(MINIMAL.replace("127.0.0.1:0", listen) + "clientTls: {required: false}\n");

        assertThat(config.clientTls().required()).isFalse();
    }

    @Test
    void load_missingFile_namesFile() {
        Path missing = dir.resolve("absent.yaml");

        assertThatThrownBy(() -> NodeConfig.load(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": file not found");
    }

    @Test
    void load_emptyFile_saysSo() {
        assertFails("", "node.yaml: file is empty");
    }

    @Test
    void load_notAMapping_saysWhatWasExpected() {
        assertFails("- a\n- b\n", "node.yaml: expected a mapping at the top level, got a list");
    }

    @Test
    void load_duplicateKey_namesLineAndKey() {
        assertThatThrownBy(() -> load(MINIMAL + "nodeId: again\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("node.yaml: line 7, column ")
                .hasMessageEndingWith("invalid YAML: Duplicate field 'nodeId'");
    }

    @Test
    void load_brokenYaml_isOneLineWithPosition() {
        assertThatThrownBy(() -> load(MINIMAL + "labels: {a: b\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("node.yaml: line ")
                .hasMessageContaining("invalid YAML: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void load_multiLineValue_staysOnOneLine() {
        assertFails(
                MINIMAL.replace("mode: x", "") + "mode: \"foo\\nbar\"\n",
                "node.yaml: mode: must be 'stateless' or 'memory-aware', got 'foo\\nbar'");
    }

    @Test
    void load_optionalPluginDefaultsToRequired() throws IOException {
        NodeConfig config = load(MINIMAL + "plugins: {policies: [{name: p, settings: {x: [1, {y: }]}}]}\n");

        assertThat(config.plugins().policies()).singleElement().satisfies(p -> {
            assertThat(p.optional()).isFalse();
            assertThat(p.settings()).isEqualTo(Map.of("x", List.of(1, Map.of())));
        });
        assertThat(config.plugins().folder()).isEqualTo(Optional.empty());
    }

    @Test
    void pluginsCallers_areReadLikeTheOtherPluginLists() throws IOException {
        NodeConfig config = load(MINIMAL + """
                plugins:
                  callers:
                    - name: caller-rules
                      settings: {allow: {get: ["auditor@regulator.example"]}}
                """);

        assertThat(config.plugins().callers())
                .containsExactly(new PluginSpec(
                        "caller-rules", Map.of("allow", Map.of("get", List.of("auditor@regulator.example"))), false));
        assertThat(load(MINIMAL).plugins().callers()).isEmpty();
    }

    private NodeConfig load(String yaml) throws IOException {
        Path file = dir.resolve("node.yaml");
        Files.writeString(file, yaml);
        return NodeConfig.load(file);
    }

    private void assertFails(String yaml, String message) {
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(ConfigException.class).hasMessage(message);
    }
}
