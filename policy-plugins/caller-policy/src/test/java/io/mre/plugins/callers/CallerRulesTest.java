package io.mre.plugins.callers;

import static io.mre.testkit.TestObjects.intent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mre.spi.CallerAuthorizer;
import io.mre.spi.CallerQuery;
import io.mre.spi.CallerVerdict;
import io.mre.spi.CallerView;
import io.mre.spi.ClientRequest;
import io.mre.spi.InvalidSettingsException;
import io.mre.spi.MrePlugin;
import io.mre.spi.ObjectView;
import io.mre.spi.PluginSettings;
import io.mre.spi.SpiVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class CallerRulesTest {
    private static final CallerView AUDITOR =
            new CallerView("regulator.example", "auditor", "CN=auditor,O=regulator.example");
    private static final CallerView INTERN =
            new CallerView("regulator.example", "intern", "CN=intern,O=regulator.example");
    private static final CallerView OPS = new CallerView("insurer.example", "ops", "CN=ops,O=insurer.example");

    private final ObjectView claim = intent("claim.settle")
            .step("check", "credit.check")
            .withOrigin("insurer.example")
            .view();

    static CallerAuthorizer rules(Map<String, Object> settings) {
        return new CallerRulesFactory().create(new PluginSettings("caller authorizer 'caller-rules'", settings));
    }

    @Test
    void authorize_allowedCallerAndRequest_allows() {
        CallerAuthorizer a = rules(Map.of("allow", Map.of("get", List.of("auditor@regulator.example"))));

        assertThat(verdict(a, AUDITOR, ClientRequest.GET).decision()).isEqualTo(CallerVerdict.Decision.ALLOW);
        assertThat(verdict(a, AUDITOR, ClientRequest.GET).reason()).contains("auditor@regulator.example");
    }

    @Test
    void authorize_otherRequestOrOtherCaller_abstains() {
        CallerAuthorizer a = rules(Map.of("allow", Map.of("get", List.of("auditor@regulator.example"))));

        assertThat(verdict(a, AUDITOR, ClientRequest.CANCEL).decision()).isEqualTo(CallerVerdict.Decision.ABSTAIN);
        assertThat(verdict(a, AUDITOR, ClientRequest.WATCH).decision()).isEqualTo(CallerVerdict.Decision.ABSTAIN);
        assertThat(verdict(a, INTERN, ClientRequest.GET).decision()).isEqualTo(CallerVerdict.Decision.ABSTAIN);
    }

    @Test
    void authorize_denyWinsOverAllow_andADomainPatternNamesEveryCallerOfIt() {
        CallerAuthorizer a = rules(Map.of(
                "allow",
                Map.of("*", List.of("regulator.example")),
                "deny",
                Map.of("cancel", List.of("*@regulator.example"), "signal", List.of("ops@insurer.example"))));

        assertThat(verdict(a, INTERN, ClientRequest.WATCH).decision()).isEqualTo(CallerVerdict.Decision.ALLOW);
        assertThat(verdict(a, INTERN, ClientRequest.CANCEL).decision()).isEqualTo(CallerVerdict.Decision.DENY);
        assertThat(verdict(a, OPS, ClientRequest.SIGNAL).decision()).isEqualTo(CallerVerdict.Decision.DENY);
        assertThat(verdict(a, OPS, ClientRequest.GET).decision()).isEqualTo(CallerVerdict.Decision.ABSTAIN);
    }

    @Test
    void authorize_owners_limitsTheRulesToObjectsOfThoseDomains() {
        CallerAuthorizer a = rules(Map.of(
                "allow", Map.of("get", List.of("auditor@regulator.example")), "owners", List.of("bank.example")));

        assertThat(verdict(a, AUDITOR, ClientRequest.GET).decision()).isEqualTo(CallerVerdict.Decision.ABSTAIN);
    }

    @Test
    void create_badSettings_sayWhich() {
        assertThatThrownBy(() -> rules(Map.of()))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("set 'allow' or 'deny'");
        assertThatThrownBy(() -> rules(Map.of("allow", Map.of("read", List.of("a@b")))))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'allow.read' is no request");
        assertThatThrownBy(() -> rules(Map.of("allow", Map.of("get", List.of()))))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("at least one caller");
        assertThatThrownBy(() -> rules(Map.of("allow", Map.of("get", List.of("a@b")), "extra", 1)))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("extra");
    }

    @Test
    void plugin_isFoundByTheServiceLoaderAndBuiltForThisSpi() {
        MrePlugin plugin = ServiceLoader.load(MrePlugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p instanceof CallerPolicyPlugin)
                .findFirst()
                .orElseThrow();

        assertThat(plugin.spiVersion()).isEqualTo(SpiVersion.CURRENT);
        assertThat(plugin.callerAuthorizers()).extracting(f -> f.name()).containsExactly("caller-rules");
        assertThat(plugin.policies()).isEmpty();
    }

    private CallerVerdict verdict(CallerAuthorizer a, CallerView caller, ClientRequest request) {
        return a.authorize(new CallerQuery(
                caller,
                request,
                request == ClientRequest.SIGNAL ? Optional.of("approved") : Optional.empty(),
                claim,
                false));
    }
}
