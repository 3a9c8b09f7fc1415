package io.mre.node.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mre.node.config.PluginSpec;
import io.mre.node.config.Plugins;
import io.mre.spi.Evaluation;
import io.mre.spi.ExpressionEvaluator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Built-in plugins load as folder plugins do (docs/plugins.md, "Built-in plugins"): from the node's built-in folder,
 * each jar in its own {@link PluginClassLoader}, none of their classes on the node's class path; the reentry
 * expressions come from the built-in cel-policy through the SPI.
 */
class BuiltinPluginsTest {
    private static final ClassLoader NODE = PluginLoader.class.getClassLoader();

    private static Plugins enabling(List<PluginSpec> policies, List<PluginSpec> advisors) {
        return new Plugins(Optional.empty(), policies, advisors, List.of(), List.of());
    }

    @Test
    void builtInFolder_isBesideTheNodesCode() {
        assertThat(PluginLoader.builtinFolder()).hasValueSatisfying(folder -> {
            assertThat(folder.getFileName().toString()).isEqualTo(PluginLoader.BUILTIN_FOLDER);
            assertThat(folder.resolve("cel-policy.jar")).exists();
            assertThat(folder.resolve("trust-domain-policy.jar")).exists();
        });
    }

    @Test
    void builtInPlugins_runInTheirOwnPluginClassLoaders_notTheNodes() {
        LoadedPlugins loaded = PluginLoader.load(enabling(
                List.of(
                        new PluginSpec("trust-domain", Map.of("acceptFrom", List.of("test.example")), false),
                        new PluginSpec(
                                "cel",
                                Map.of("rules", List.of(Map.of("name", "r", "when", "true", "verdict", "permit"))),
                                false)),
                List.of(new PluginSpec(
                        "plan-advisor",
                        Map.of(
                                "rules",
                                List.of(Map.of(
                                        "name",
                                        "r",
                                        "whenOperation",
                                        "payment.transfer",
                                        "insertBefore",
                                        "pay",
                                        "rationale",
                                        "check first",
                                        "step",
                                        Map.of("id", "quote", "operation", "reinsurance.quote")))),
                        false))));

        List<Object> plugins = List.of(
                loaded.policies().get(0),
                loaded.policies().get(1),
                loaded.advisors().get(0),
                loaded.expressions().orElseThrow());
        assertThat(plugins).allSatisfy(p -> {
            ClassLoader loader = p.getClass().getClassLoader();
            assertThat(loader).isInstanceOf(PluginClassLoader.class).isNotSameAs(NODE);
            assertThat(loader.getName()).startsWith("plugin:");
        });
        assertThat(loaded.policies().get(0).getClass().getClassLoader())
                .as("each built-in jar has a loader of its own")
                .isNotSameAs(loaded.policies().get(1).getClass().getClassLoader());
        assertThat(loaded.infos()).allSatisfy(i -> assertThat(i.getSource()).isEqualTo("builtin"));
    }

    @Test
    void builtInClasses_andTheirLibraries_areNotOnTheNodesClassPath() {
        assertThatThrownBy(() -> Class.forName("io.mre.plugins.cel.CelPlugin", false, NODE))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("io.mre.plugins.trustdomain.TrustDomainPlugin", false, NODE))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("dev.cel.common.CelAbstractSyntaxTree", false, NODE))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void reentryExpressions_comeFromTheCelPluginThroughTheSpi() {
        LoadedPlugins loaded = PluginLoader.load(enabling(List.of(), List.of()));

        ExpressionEvaluator cel = loaded.expressions().orElseThrow();
        Evaluation e = Evaluations.executingOneStep();
        assertThat(cel.language()).isEqualTo("cel");
        assertThat(cel.holds("object.intent.name == 'test'", e.object(), Instant.EPOCH))
                .isTrue();
        assertThat(cel.holds("object.intent.name == 'other'", e.object(), Instant.EPOCH))
                .isFalse();
        assertThat(cel.holds("not cel at all (", e.object(), Instant.EPOCH)).isFalse();
    }

    @Test
    void withoutABuiltInFolder_thereAreNoBuiltIns() {
        LoadedPlugins loaded = PluginLoader.load(enabling(List.of(), List.of()), Optional.empty());

        assertThat(loaded.expressions()).isEmpty();
        assertThatThrownBy(() -> PluginLoader.load(
                        enabling(List.of(new PluginSpec("trust-domain", Map.of(), false)), List.of()),
                        Optional.empty()))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("no policy named 'trust-domain'");
    }
}
