package io.mre.node.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mre.node.config.PluginSpec;
import io.mre.node.config.Plugins;
import io.mre.spi.CallerQuery;
import io.mre.spi.CallerVerdict;
import io.mre.spi.CallerView;
import io.mre.spi.ClientRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The built-in caller authorizer is found, enabled from {@code plugins.callers} and listed like any plugin. */
class CallerPluginsTest {
    private static Plugins callers(PluginSpec... specs) {
        return new Plugins(Optional.empty(), List.of(), List.of(), List.of(), List.of(specs));
    }

    @Test
    void load_builtInCallerRules_isEnabledWithItsSettingsAndListed() {
        LoadedPlugins loaded = PluginLoader.load(callers(new PluginSpec(
                "caller-rules", Map.of("allow", Map.of("get", List.of("auditor@regulator.example"))), false)));

        assertThat(loaded.callerAuthorizers()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("caller-rules");
            CallerVerdict v = a.authorize(new CallerQuery(
                    new CallerView("regulator.example", "auditor", "CN=auditor,O=regulator.example"),
                    ClientRequest.GET,
                    Optional.empty(),
                    Evaluations.executingOneStep().object(),
                    false));
            assertThat(v.decision()).isEqualTo(CallerVerdict.Decision.ALLOW);
        });
        assertThat(loaded.infos()).singleElement().satisfies(i -> {
            assertThat(i.getName()).isEqualTo("caller-rules");
            assertThat(i.getKind()).isEqualTo("caller authorizer");
            assertThat(i.getSource()).isEqualTo("builtin");
        });
        assertThat(loaded.policies()).isEmpty();
    }

    @Test
    void load_callerRulesWithBadSettings_stopsStartUpUnderPluginsCallers() {
        PluginException e = catchThrowableOfType(
                PluginException.class,
                () -> PluginLoader.load(callers(
                        new PluginSpec("caller-rules", Map.of("allow", Map.of("read", List.of("a@b"))), false))));

        assertThat(e.key()).isEqualTo("plugins.callers");
        assertThat(e.getMessage()).contains("caller authorizer 'caller-rules'").contains("'allow.read' is no request");
    }

    @Test
    void load_unknownCallerAuthorizer_namesTheKnownOnes() {
        PluginException e = catchThrowableOfType(
                PluginException.class,
                () -> PluginLoader.load(callers(new PluginSpec("no-such-rules", Map.of(), false))));

        assertThat(e.getMessage())
                .contains("no caller authorizer named 'no-such-rules'")
                .contains("caller-rules");
    }
}
