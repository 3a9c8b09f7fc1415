package io.mre.plugins.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mre.spi.InvalidSettingsException;
import io.mre.spi.OperationHandlerFactory;
import io.mre.spi.PluginSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/plugin-reference.md lists every example handler with exactly the settings its factory accepts (the factory
 * names them when given one it does not know), so the page cannot drift from the code.
 */
class ExampleHandlersReferenceTest {
    private static final Path PAGE =
            Path.of(System.getProperty("user.dir")).getParent().getParent().resolve("docs/plugin-reference.md");

    @Test
    void everyExampleHandler_isDocumentedWithExactlyTheSettingsItAccepts() throws IOException {
        Map<String, Set<String>> declared = new LinkedHashMap<>();
        for (OperationHandlerFactory f : new ExampleHandlersPlugin().handlers()) {
            declared.put(f.name(), keys(f));
        }
        String page = Files.readString(PAGE);
        Map<String, Set<String>> documented = new LinkedHashMap<>();
        Matcher heading = Pattern.compile("(?m)^### `([^`]+)` \\(handler\\)$").matcher(page);
        while (heading.find()) {
            int end = page.indexOf("\n### ", heading.end());
            String body = page.substring(heading.end(), end < 0 ? page.length() : end);
            Set<String> keys = new TreeSet<>();
            Matcher row = Pattern.compile("(?m)^\\| `([^`]+)` \\|").matcher(body);
            while (row.find()) {
                keys.add(row.group(1));
            }
            documented.put(heading.group(1), keys);
        }

        assertThat(declared).containsKeys("echo", "score", "fail", "sleep", "payment.transfer");
        assertThat(documented).isEqualTo(declared);
    }

    private static Set<String> keys(OperationHandlerFactory factory) {
        try {
            factory.create(new PluginSettings(factory.name(), Map.of("no-such-setting-probe", 1)));
        } catch (InvalidSettingsException e) {
            Matcher m = Pattern.compile("known: \\[(.*)]$").matcher(e.getMessage());
            if (m.find()) {
                return new TreeSet<>(List.of(m.group(1).split(", ")));
            }
            throw new AssertionError(factory.name() + ": " + e.getMessage(), e);
        }
        throw new AssertionError(factory.name() + " accepted an unknown setting");
    }
}
