package io.mre.node.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.mre.spi.InvalidSettingsException;
import io.mre.spi.MrePlugin;
import io.mre.spi.PluginSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/plugin-reference.md lists every built-in policy and advisor with exactly the settings its factory accepts:
 * each factory is asked (a setting it does not know makes it name the ones it does), so the page cannot drift.
 */
class PluginReferenceTest {
    static final Path PAGE =
            Path.of(System.getProperty("user.dir")).getParent().getParent().resolve("docs/plugin-reference.md");

    @Test
    void everyBuiltInPlugin_isDocumentedWithExactlyTheSettingsItAccepts() throws IOException {
        Map<String, Set<String>> declared = new LinkedHashMap<>();
        for (MrePlugin plugin : builtinPlugins()) {
            plugin.policies().forEach(f -> declared.put(f.name() + " (policy)", keys(f.name(), f::create)));
            plugin.advisors().forEach(f -> declared.put(f.name() + " (advisor)", keys(f.name(), f::create)));
            plugin.callerAuthorizers()
                    .forEach(f -> declared.put(f.name() + " (caller authorizer)", keys(f.name(), f::create)));
        }
        Map<String, Set<String>> documented = documented(Files.readString(PAGE));
        documented.keySet().removeIf(k -> k.endsWith("(handler)"));

        assertThat(declared).as("built-in plugins found").isNotEmpty().containsKey("trust-domain (policy)");
        assertThat(documented).isEqualTo(declared);
    }

    /** The built-in plugins, as the node loads them: from its built-in folder, each jar in its own class loader. */
    static List<MrePlugin> builtinPlugins() throws IOException {
        Path folder = PluginLoader.builtinFolder().orElseThrow(() -> new AssertionError("no built-in plugin folder"));
        List<MrePlugin> plugins = new ArrayList<>();
        try (var jars = Files.list(folder)) {
            for (Path jar :
                    jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                ServiceLoader.load(
                                MrePlugin.class,
                                new PluginClassLoader(
                                        "test:" + jar.getFileName(),
                                        List.of(jar.toUri().toURL()),
                                        PluginReferenceTest.class.getClassLoader(),
                                        List.of("io.mre.spi.")))
                        .forEach(plugins::add);
            }
        }
        return plugins;
    }

    /** The settings a factory accepts, as it names them when given one it does not know. */
    static Set<String> keys(String name, Function<PluginSettings, ?> factory) {
        try {
            Object unused = factory.apply(new PluginSettings(name, Map.of("no-such-setting-probe", 1)));
        } catch (InvalidSettingsException e) {
            Matcher m = Pattern.compile("unknown setting\\(s\\) \\[no-such-setting-probe]; known: \\[(.*)]$")
                    .matcher(e.getMessage());
            if (m.find()) {
                return new TreeSet<>(List.of(m.group(1).split(", ")));
            }
            throw new AssertionError(name + " does not start with requireOnly(...): " + e.getMessage(), e);
        }
        throw new AssertionError(name + " accepted an unknown setting");
    }

    /** "### `name` (kind)" sections of the page, each with the first column of its table. */
    static Map<String, Set<String>> documented(String page) {
        Map<String, Set<String>> sections = new LinkedHashMap<>();
        Matcher heading = Pattern.compile("(?m)^### `([^`]+)` \\((policy|advisor|caller authorizer|handler)\\)$")
                .matcher(page);
        List<int[]> spans = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (heading.find()) {
            names.add(heading.group(1) + " (" + heading.group(2) + ")");
            spans.add(new int[] {heading.end(), 0});
        }
        for (int i = 0; i < spans.size(); i++) {
            int end = i + 1 < spans.size() ? page.lastIndexOf("###", spans.get(i + 1)[0]) : page.length();
            String body = page.substring(spans.get(i)[0], end);
            Set<String> keys = new TreeSet<>();
            Matcher row = Pattern.compile("(?m)^\\| `([^`]+)` \\|").matcher(body);
            while (row.find()) {
                keys.add(row.group(1));
            }
            sections.put(names.get(i), keys);
        }
        return sections;
    }
}
