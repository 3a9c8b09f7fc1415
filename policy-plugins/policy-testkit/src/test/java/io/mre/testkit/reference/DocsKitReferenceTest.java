package io.mre.testkit.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/plugins.md's kit reference shows the tagged blocks of {@link KitReferenceTest} verbatim, so the guide's
 * examples are code that compiles and passes in this build.
 */
class DocsKitReferenceTest {
    private static final Path ROOT =
            Path.of(System.getProperty("user.dir")).getParent().getParent();
    private static final Pattern TAG =
            Pattern.compile("// tag::([\\w-]+)\\[]\\n(.*?)\\n\\s*// end::\\1\\[]", Pattern.DOTALL);

    @Test
    void everyTaggedExample_appearsVerbatimInThePluginGuide() throws IOException {
        String source = Files.readString(ROOT.resolve(
                "policy-plugins/policy-testkit/src/test/java/io/mre/testkit/reference/KitReferenceTest.java"));
        String guide = Files.readString(ROOT.resolve("docs/plugins.md"));
        Map<String, String> blocks = new LinkedHashMap<>();
        Matcher m = TAG.matcher(source);
        while (m.find()) {
            blocks.put(m.group(1), m.group(2).stripIndent());
        }

        assertThat(blocks)
                .containsKeys(
                        "objects",
                        "policy-settings",
                        "policy-verdicts",
                        "judge",
                        "kit-values",
                        "engine",
                        "advisor",
                        "handler");
        blocks.forEach((tag, code) -> assertThat(guide)
                .as("docs/plugins.md shows the example '%s'", tag)
                .contains("```java\n" + code + "\n```"));
    }
}
