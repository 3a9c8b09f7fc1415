package io.mre.node.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mre.node.config.PluginSpec;
import io.mre.node.config.Plugins;
import io.mre.spi.MrePlugin;
import io.mre.spi.Policy;
import io.mre.spi.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each jar of the plugin folder lives in its own class loader: two plugins bundling different versions of the same
 * library ({@code com.example.shared.Lib}), and each its own {@code com.google.common.base.Strings} — a class the
 * node itself has, from Guava — each see their own, the node keeps seeing Guava's, and none sees the node's
 * internals. Only the SPI is shared, so a plugin that bundles a copy of it still works.
 */
class PluginIsolationTest {
    @TempDir
    Path dir;

    private Path folder;
    private Path build;

    @BeforeEach
    void folders() throws IOException {
        folder = Files.createDirectories(dir.resolve("plugins"));
        build = Files.createDirectories(dir.resolve("build"));
    }

    @Test
    void twoPluginsBundlingConflictingLibraries_eachSeeTheirOwn() throws Exception {
        conflictingPlugin("alpha", "1.0").writeJar(folder.resolve("alpha.jar"), build);
        conflictingPlugin("beta", "2.0").writeJar(folder.resolve("beta.jar"), build);

        LoadedPlugins loaded = PluginLoader.load(policies("alpha-policy", "beta-policy"));

        Map<String, String> alpha = probe(loaded.policies().get(0));
        Map<String, String> beta = probe(loaded.policies().get(1));
        assertThat(alpha).containsEntry("lib", "1.0 of alpha").containsEntry("strings", "the Strings alpha bundles");
        assertThat(beta).containsEntry("lib", "2.0 of beta").containsEntry("strings", "the Strings beta bundles");
        assertThat(loaded.policies().get(0).getClass().getClassLoader())
                .isNotSameAs(loaded.policies().get(1).getClass().getClassLoader());
    }

    @Test
    void pluginBundlingAClassOfTheNode_leavesTheNodesOwnInPlace() throws Exception {
        conflictingPlugin("alpha", "1.0").writeJar(folder.resolve("alpha.jar"), build);

        LoadedPlugins loaded = PluginLoader.load(policies("alpha-policy"));
        probe(loaded.policies().get(0));

        // The node (here: the test's class path) still has Guava's Strings, not the plugin's fake one...
        Class<?> strings = Class.forName("com.google.common.base.Strings");
        assertThat(strings.getClassLoader()).isSameAs(PluginLoader.class.getClassLoader());
        assertThat(Arrays.stream(strings.getMethods()).map(java.lang.reflect.Method::getName))
                .contains("repeat")
                .doesNotContain("origin");
        assertThat(com.google.common.base.Strings.repeat("ab", 2)).isEqualTo("abab");
        // ... and none of a plugin's classes leaks into it.
        assertThatThrownBy(() -> Class.forName("com.example.shared.Lib")).isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void plugin_seesTheSpiButNotTheNodesInternalsNorItsLibraries() throws Exception {
        conflictingPlugin("alpha", "1.0").writeJar(folder.resolve("alpha.jar"), build);

        Policy policy = PluginLoader.load(policies("alpha-policy")).policies().get(0);

        assertThat(policy).isInstanceOf(io.mre.spi.Policy.class); // the node's own SPI type: it can call it
        assertThat(probe(policy))
                .containsEntry("spiFromNode", "true")
                .containsEntry("nodeClasses", "false")
                .containsEntry("guice", "false");
    }

    @Test
    void pluginBundlingAJdkClass_getsTheJdksOwn() throws Exception {
        byte[] dataSource;
        try (InputStream in = javax.sql.DataSource.class.getResourceAsStream("DataSource.class")) {
            dataSource = in.readAllBytes();
        }
        conflictingPlugin("alpha", "1.0")
                .entry("javax/sql/DataSource.class", dataSource)
                .writeJar(folder.resolve("alpha.jar"), build);

        Policy policy = PluginLoader.load(policies("alpha-policy")).policies().get(0);

        assertThat(probe(policy)).containsEntry("jdkDataSource", "true");
    }

    @Test
    void pluginBundlingACopyOfTheSpi_usesTheNodes() throws Exception {
        PluginJar jar = conflictingPlugin("alpha", "1.0");
        for (String spiClass : List.of("MrePlugin", "Policy", "PolicyFactory", "Verdict", "Verdict$Permit")) {
            String path = "io/mre/spi/" + spiClass + ".class";
            try (InputStream in = MrePlugin.class.getClassLoader().getResourceAsStream(path)) {
                jar = jar.entry(path, in.readAllBytes());
            }
        }
        jar.writeJar(folder.resolve("alpha.jar"), build);

        LoadedPlugins loaded = PluginLoader.load(policies("alpha-policy"));

        assertThat(loaded.policies()).singleElement().isInstanceOf(io.mre.spi.Policy.class);
        assertThat(probe(loaded.policies().get(0))).containsEntry("spiFromNode", "true");
    }

    @Test
    void policyRunByTheNode_hasItsPluginAsContextClassLoader() throws Exception {
        conflictingPlugin("alpha", "1.0").writeJar(folder.resolve("alpha.jar"), build);
        Policy policy = PluginLoader.load(policies("alpha-policy")).policies().get(0);

        try (TimeLimitedPluginInvoker invoker =
                new TimeLimitedPluginInvoker(PluginLimits.DEFAULTS.withCallLimit(Duration.ofSeconds(30)))) {
            Verdict v = new io.mre.engine.decide.PluginCalls(invoker, io.mre.engine.decide.PluginFailures.NONE)
                    .policy(policy, Evaluations.executingOneStep());

            assertThat(parse(v.reason())).containsEntry("contextLoader", "own");
        }
    }

    // ---- the plugins

    /**
     * A plugin named {@code name} with one policy {@code <name>-policy} that reports, in its PERMIT reason, what it
     * sees from where it runs. It bundles {@code com.example.shared.Lib} at {@code version} and a fake
     * {@code com.google.common.base.Strings} whose only method Guava's lacks.
     */
    private static PluginJar conflictingPlugin(String name, String version) {
        String pkg = "com.example." + name;
        return PluginJar.ofPolicy(
                        pkg,
                        name,
                        "SpiVersion.CURRENT",
                        name + "-policy",
                        "",
                        "return Verdict.permit(com.example.shared.Probe.report(this));")
                .source("com.example.shared.Lib", """
                        package com.example.shared;

                        public final class Lib {
                            public static String version() { return "%s of %s"; }
                        }
                        """.formatted(version, name))
                .source("com.google.common.base.Strings", """
                        package com.google.common.base;

                        public final class Strings {
                            public static String origin() { return "the Strings %s bundles"; }
                        }
                        """.formatted(name))
                .source("com.example.shared.Probe", """
                        package com.example.shared;

                        public final class Probe {
                            public static String report(Object policy) {
                                ClassLoader own = Probe.class.getClassLoader();
                                ClassLoader context = Thread.currentThread().getContextClassLoader();
                                return String.join(";",
                                        "lib=" + Lib.version(),
                                        "strings=" + com.google.common.base.Strings.origin(),
                                        "spiFromNode=" + (io.mre.spi.Policy.class.getClassLoader() != own),
                                        "nodeClasses=" + visible("io.mre.node.plugins.PluginLoader"),
                                        "guice=" + visible("com.google.inject.Injector"),
                                        "jdkDataSource=" + (javax.sql.DataSource.class.getClassLoader()
                                                == ClassLoader.getPlatformClassLoader()),
                                        "contextLoader=" + (context == own ? "own" : String.valueOf(context)));
                            }

                            private static boolean visible(String name) {
                                try {
                                    Class.forName(name, false, Probe.class.getClassLoader());
                                    return true;
                                } catch (ClassNotFoundException e) {
                                    return false;
                                }
                            }
                        }
                        """);
    }

    private Plugins policies(String... names) {
        return new Plugins(
                Optional.of(folder),
                Arrays.stream(names)
                        .map(n -> new PluginSpec(n, Map.of(), false))
                        .toList(),
                List.of(),
                List.of());
    }

    private static Map<String, String> probe(Policy policy) {
        Verdict v = policy.evaluate(Evaluations.executingOneStep());
        assertThat(v).isInstanceOf(Verdict.Permit.class);
        return parse(v.reason());
    }

    private static Map<String, String> parse(String reason) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String part : reason.split(";")) {
            int eq = part.indexOf('=');
            m.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return m;
    }
}
