package io.mre.node.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mre.node.config.PluginSpec;
import io.mre.node.config.Plugins;
import io.mre.proto.v1.PluginInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the loader does with good, refused and broken plugins: a plugin built for another SPI version is refused, a
 * broken one (a class missing, a factory that throws, bad settings) stops start-up with one line naming the jar, the
 * plugin and the cause, unless the configuration marks it optional, when it is skipped with a warning.
 */
class PluginLoaderTest {
    private static final String PERMIT = "return Verdict.permit(\"ok\");";

    @TempDir
    Path dir;

    private Path folder;
    private Path build;

    @BeforeEach
    void folders() throws IOException {
        folder = Files.createDirectories(dir.resolve("plugins"));
        build = Files.createDirectories(dir.resolve("build"));
    }

    // ---- good plugins

    @Test
    void load_createsWhatTheConfigurationEnablesAndTellsWhereEachCameFrom() {
        good().writeJar(folder.resolve("good.jar"), build);

        LoadedPlugins loaded = PluginLoader.load(plugins(
                spec("good-policy"), new PluginSpec("operation-allow-list", Map.of("allow", List.of("work")), false)));

        assertThat(loaded.policies())
                .extracting(io.mre.spi.Policy::name)
                .containsExactly("good-policy", "operation-allow-list");
        assertThat(loaded.infos())
                .containsExactly(info("good-policy", "good.jar"), info("operation-allow-list", "builtin"));
    }

    @Test
    void load_logsEachRegistrationAndEachEnabledPluginOnce() {
        good().writeJar(folder.resolve("good.jar"), build);

        try (LogCapture log = LogCapture.of(PluginLoader.class)) {
            PluginLoader.load(plugins(spec("good-policy")));

            assertThat(log.lines())
                    .containsOnlyOnce(
                            "INFO registered policy 'good-policy' of plugin 'good' (good.jar)",
                            "INFO enabled policy 'good-policy' of plugin 'good' (good.jar)");
        }
    }

    @Test
    void load_pluginSettings_reachTheFactory() {
        PluginJar.ofPolicy(
                        "com.example.limit",
                        "limits",
                        "SpiVersion.CURRENT",
                        "limit-policy",
                        "long limit = settings.requireOnly(\"limit\").number(\"limit\", 0);",
                        "return Verdict.reject(\"limit is \" + limit);")
                .writeJar(folder.resolve("limits.jar"), build);

        LoadedPlugins loaded =
                PluginLoader.load(plugins(new PluginSpec("limit-policy", Map.of("limit", 500.0), false)));

        assertThat(loaded.policies()
                        .get(0)
                        .evaluate(Evaluations.executingOneStep())
                        .reason())
                .isEqualTo("limit is 500");
    }

    @Test
    void load_explodedFolder_loadsLikeAJar() {
        good().writeFolder(folder.resolve("good-exploded"), build);

        LoadedPlugins loaded = PluginLoader.load(plugins(spec("good-policy")));

        assertThat(loaded.infos()).containsExactly(info("good-policy", "good-exploded"));
    }

    // ---- version refusal

    @Test
    void pluginBuiltForAnotherSpiVersion_isRefusedAndEnablingItNamesTheJarAndBothVersions() {
        future().writeJar(folder.resolve("future.jar"), build);

        try (LogCapture log = LogCapture.of(PluginLoader.class)) {
            PluginException e = catchThrowableOfType(
                    PluginException.class, () -> PluginLoader.load(plugins(spec("future-policy"))));

            assertThat(e.getMessage())
                    .isEqualTo("future.jar: policy 'future-policy' cannot be enabled: plugin "
                            + "'future' was built for SPI version 99; this node provides version 1");
            assertThat(e.key()).isEqualTo("plugins.policies");
            assertThat(log.lines())
                    .contains("WARN future.jar: plugin 'future' was built for SPI version 99; "
                            + "this node provides version 1");
            assertThat(log.lines()).noneMatch(l -> l.contains("registered policy 'future-policy'"));
        }
    }

    @Test
    void refusedPlugin_leavesTheOthersLoaded() {
        future().writeJar(folder.resolve("future.jar"), build);
        good().writeJar(folder.resolve("good.jar"), build);

        LoadedPlugins loaded = PluginLoader.load(plugins(spec("good-policy")));

        assertThat(loaded.infos()).containsExactly(info("good-policy", "good.jar"));
    }

    @Test
    void refusedPlugin_markedOptional_isSkippedWithAWarning() {
        future().writeJar(folder.resolve("future.jar"), build);

        try (LogCapture log = LogCapture.of(PluginLoader.class)) {
            LoadedPlugins loaded = PluginLoader.load(plugins(optional("future-policy")));

            assertThat(loaded.policies()).isEmpty();
            assertThat(log.lines())
                    .contains("WARN skipping optional future.jar: policy 'future-policy' cannot be "
                            + "enabled: plugin 'future' was built for SPI version 99; this node provides version 1");
        }
    }

    // ---- broken plugins

    @Test
    void servicesFileNamingAMissingClass_failsNamingTheJarThePluginAndTheCause() {
        missingClass().writeJar(folder.resolve("missing.jar"), build);

        PluginException e =
                catchThrowableOfType(PluginException.class, () -> PluginLoader.load(plugins(spec("missing-policy"))));

        assertOneLine(e);
        assertThat(e.getMessage())
                .startsWith("no policy named 'missing-policy' (known: [")
                .endsWith("; not loaded: missing.jar: plugin 'com.example.missing.TestPlugin' cannot be loaded: "
                        + "ServiceConfigurationError: io.mre.spi.MrePlugin: Provider "
                        + "com.example.missing.TestPlugin not found");
    }

    @Test
    void classMissingFromTheJar_failsNamingTheJarThePluginAndTheMissingClass() {
        needsLibrary().writeJar(folder.resolve("needs-lib.jar"), build);

        PluginException e =
                catchThrowableOfType(PluginException.class, () -> PluginLoader.load(plugins(spec("money-policy"))));

        assertOneLine(e);
        assertThat(e.getMessage())
                .isEqualTo("needs-lib.jar: policy 'money-policy' of plugin 'money' cannot be "
                        + "created: ClassNotFoundException: com.example.money.Money");
    }

    @Test
    void pluginWhoseConstructorThrows_failsNamingTheJarThePluginAndTheCause() {
        PluginJar.empty()
                .source("com.example.ctor.TestPlugin", """
                package com.example.ctor;

                public final class TestPlugin implements io.mre.spi.MrePlugin {
                    public TestPlugin() { throw new IllegalStateException("no rules configured"); }
                    public String name() { return "ctor"; }
                    public int spiVersion() { return io.mre.spi.SpiVersion.CURRENT; }
                }
                """)
                .service("com.example.ctor.TestPlugin")
                .writeJar(folder.resolve("ctor.jar"), build);

        PluginException e =
                catchThrowableOfType(PluginException.class, () -> PluginLoader.load(plugins(spec("ctor-policy"))));

        assertOneLine(e);
        assertThat(e.getMessage())
                .endsWith("not loaded: ctor.jar: plugin 'com.example.ctor.TestPlugin' cannot be "
                        + "loaded: io.mre.spi.MrePlugin: Provider com.example.ctor.TestPlugin could not be instantiated "
                        + "(IllegalStateException: no rules configured)");
    }

    @Test
    void factoryThatThrows_failsNamingTheJarThePluginAndTheCause() {
        throwingFactory().writeJar(folder.resolve("throwing.jar"), build);

        PluginException e =
                catchThrowableOfType(PluginException.class, () -> PluginLoader.load(plugins(spec("throwing-policy"))));

        assertOneLine(e);
        assertThat(e.getMessage())
                .isEqualTo("throwing.jar: policy 'throwing-policy' of plugin 'throwing' cannot be "
                        + "created: IllegalStateException: rules not ready: see the operator");
        assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void badSettings_failNamingTheJarThePluginAndTheSetting() {
        limits().writeJar(folder.resolve("limits.jar"), build);

        PluginException wrongType = catchThrowableOfType(
                PluginException.class,
                () -> PluginLoader.load(plugins(new PluginSpec("limit-policy", Map.of("limit", "lots"), false))));
        PluginException unknownKey = catchThrowableOfType(
                PluginException.class,
                () -> PluginLoader.load(plugins(new PluginSpec("limit-policy", Map.of("limt", 5.0), false))));

        assertThat(wrongType.getMessage())
                .isEqualTo("limits.jar: policy 'limit-policy' of plugin 'limits' cannot be "
                        + "created: InvalidSettingsException: policy 'limit-policy': setting 'limit' must be an integer, "
                        + "got 'lots'");
        assertThat(unknownKey.getMessage())
                .isEqualTo("limits.jar: policy 'limit-policy' of plugin 'limits' cannot be "
                        + "created: InvalidSettingsException: policy 'limit-policy': unknown setting(s) [limt]; known: "
                        + "[limit]");
    }

    @Test
    void brokenPluginsMarkedOptional_areSkippedWithAWarningAndTheRestLoads() {
        missingClass().writeJar(folder.resolve("missing.jar"), build);
        needsLibrary().writeJar(folder.resolve("needs-lib.jar"), build);
        throwingFactory().writeJar(folder.resolve("throwing.jar"), build);
        limits().writeJar(folder.resolve("limits.jar"), build);
        good().writeJar(folder.resolve("good.jar"), build);

        try (LogCapture log = LogCapture.of(PluginLoader.class)) {
            LoadedPlugins loaded = PluginLoader.load(plugins(
                    optional("missing-policy"),
                    optional("money-policy"),
                    optional("throwing-policy"),
                    new PluginSpec("limit-policy", Map.of("limit", "lots"), true),
                    spec("good-policy")));

            assertThat(loaded.infos()).containsExactly(info("good-policy", "good.jar"));
            assertThat(log.lines().stream().filter(l -> l.startsWith("WARN skipping optional")))
                    .hasSize(4)
                    .anyMatch(l -> l.contains("no policy named 'missing-policy'") && l.contains("missing.jar"))
                    .anyMatch(l -> l.startsWith("WARN skipping optional needs-lib.jar: policy 'money-policy' of "
                            + "plugin 'money' cannot be created: ClassNotFoundException: com.example.money.Money"))
                    .anyMatch(l -> l.startsWith("WARN skipping optional throwing.jar: policy 'throwing-policy'"))
                    .anyMatch(l -> l.startsWith("WARN skipping optional limits.jar: policy 'limit-policy'"));
            assertThat(log.lines())
                    .contains("WARN missing.jar: plugin 'com.example.missing.TestPlugin' cannot be "
                            + "loaded: ServiceConfigurationError: io.mre.spi.MrePlugin: Provider "
                            + "com.example.missing.TestPlugin not found");
        }
    }

    @Test
    void pluginWhoseFactoryListThrows_isReportedAsNotLoaded() {
        PluginJar.empty()
                .source("com.example.list.TestPlugin", """
                package com.example.list;

                import io.mre.spi.*;
                import java.util.List;

                public final class TestPlugin implements MrePlugin {
                    public String name() { return "list"; }
                    public int spiVersion() { return SpiVersion.CURRENT; }
                    public List<PolicyFactory> policies() { throw new UnsupportedOperationException("later"); }
                }
                """)
                .service("com.example.list.TestPlugin")
                .writeJar(folder.resolve("list.jar"), build);

        PluginException e =
                catchThrowableOfType(PluginException.class, () -> PluginLoader.load(plugins(spec("list-policy"))));

        assertThat(e.getMessage())
                .endsWith("not loaded: list.jar: plugin 'list' cannot be loaded: "
                        + "UnsupportedOperationException: later");
    }

    @Test
    void multiLineCause_isReportedOnOneLine() {
        PluginJar.ofPolicy(
                        "com.example.lines",
                        "lines",
                        "SpiVersion.CURRENT",
                        "lines-policy",
                        "if (true) throw new IllegalArgumentException(\"first line\\n  second line\");",
                        PERMIT)
                .writeJar(folder.resolve("lines.jar"), build);

        PluginException e =
                catchThrowableOfType(PluginException.class, () -> PluginLoader.load(plugins(spec("lines-policy"))));

        assertThat(e.getMessage()).endsWith("IllegalArgumentException: first line second line");
    }

    @Test
    void twoPluginsRegisteringTheSameName_stopStartUpNamingBoth() {
        good().writeJar(folder.resolve("good-1.jar"), build);
        good().writeJar(folder.resolve("good-2.jar"), build);

        PluginException e = catchThrowableOfType(PluginException.class, () -> PluginLoader.load(plugins()));

        assertThat(e.getMessage())
                .isEqualTo("good-2.jar: plugin 'good' registers policy 'good-policy', already "
                        + "registered by plugin 'good' (good-1.jar)");
        assertThat(e.key()).isEqualTo("plugins.folder");
    }

    @Test
    void policyUnknownEverywhere_failsListingTheKnownNames() {
        PluginException e =
                catchThrowableOfType(PluginException.class, () -> PluginLoader.load(plugins(spec("no-such-policy"))));

        assertThat(e.getMessage())
                .startsWith("no policy named 'no-such-policy' (known: [")
                .contains("operation-allow-list")
                .doesNotContain("not loaded");
    }

    // ---- plugins

    private static PluginJar good() {
        return PluginJar.ofPolicy("com.example.good", "good", "SpiVersion.CURRENT", "good-policy", "", PERMIT);
    }

    private static PluginJar future() {
        return PluginJar.ofPolicy("com.example.future", "future", "99", "future-policy", "", PERMIT);
    }

    /** The services file names the plugin class, which the jar lacks. */
    private static PluginJar missingClass() {
        return PluginJar.ofPolicy("com.example.missing", "missing", "SpiVersion.CURRENT", "missing-policy", "", PERMIT)
                .omit("com.example.missing.TestPlugin");
    }

    /** The policy uses a library class the author forgot to bundle. */
    private static PluginJar needsLibrary() {
        return PluginJar.ofPolicy(
                        "com.example.money",
                        "money",
                        "SpiVersion.CURRENT",
                        "money-policy",
                        "com.example.money.Money max = com.example.money.Money.of(settings.number(\"max\", 100));",
                        "return Verdict.permit(\"max \" + max);")
                .source("com.example.money.Money", """
                        package com.example.money;

                        public record Money(long cents) {
                            public static Money of(long units) { return new Money(units * 100); }
                        }
                        """)
                .omit("com.example.money.Money");
    }

    private static PluginJar throwingFactory() {
        return PluginJar.ofPolicy(
                "com.example.throwing",
                "throwing",
                "SpiVersion.CURRENT",
                "throwing-policy",
                "if (true) throw new IllegalStateException(\"rules not ready: see the operator\");",
                PERMIT);
    }

    private static PluginJar limits() {
        return PluginJar.ofPolicy(
                "com.example.limit",
                "limits",
                "SpiVersion.CURRENT",
                "limit-policy",
                "long limit = settings.requireOnly(\"limit\").number(\"limit\", 0);",
                PERMIT);
    }

    // ---- helpers

    private Plugins plugins(PluginSpec... policies) {
        return new Plugins(Optional.of(folder), List.of(policies), List.of(), List.of());
    }

    private static PluginSpec spec(String name) {
        return new PluginSpec(name, Map.of(), false);
    }

    private static PluginSpec optional(String name) {
        return new PluginSpec(name, Map.of(), true);
    }

    private static PluginInfo info(String name, String source) {
        return PluginInfo.newBuilder()
                .setName(name)
                .setKind("policy")
                .setSource(source)
                .build();
    }

    private static void assertOneLine(PluginException e) {
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).doesNotContain("\n", "\r");
    }
}
