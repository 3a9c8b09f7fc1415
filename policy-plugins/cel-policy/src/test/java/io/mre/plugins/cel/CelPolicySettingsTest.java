package io.mre.plugins.cel;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mre.spi.InvalidSettingsException;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class CelPolicySettingsTest {
    private static AbstractThrowableAssert<?, ? extends Throwable> creating(Map<String, Object> settings) {
        return assertThatThrownBy(() -> CelPolicyTest.policy(settings)).isInstanceOf(InvalidSettingsException.class);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> creatingRule(Object... keysAndValues) {
        return assertThatThrownBy(() -> CelPolicyTest.rule(keysAndValues)).isInstanceOf(InvalidSettingsException.class);
    }

    @Test
    void rules_missingEmptyOrNotAList_fail() {
        creating(Map.of()).hasMessageContaining("'rules'");
        creating(Map.of("rules", List.of())).hasMessageContaining("'rules'");
        creating(Map.of("rules", "deny all")).hasMessageContaining("'rules'");
        creating(Map.of("rules", List.of("true"))).hasMessageContaining("rules[0] must be a mapping");
    }

    @Test
    void when_notCel_failsNamingTheRule() {
        creatingRule("name", "broken", "when", "object.intent.", "verdict", "reject")
                .hasMessageContaining("rules[0] ('broken'): setting 'when' is not a valid CEL condition");
    }

    @Test
    void when_notABool_fails() {
        creatingRule("when", "object.state.hops + 1", "verdict", "reject")
                .hasMessageContaining("'when'")
                .hasMessageContaining("bool");
    }

    @Test
    void when_unknownVariable_fails() {
        creatingRule("when", "request.user == 'x'", "verdict", "reject")
                .hasMessageContaining("'when'")
                .hasMessageContaining("request");
    }

    @Test
    void verdict_unknownOrMissing_fails() {
        creatingRule("when", "true", "verdict", "allow").hasMessageContaining("'verdict'");
        creatingRule("when", "true").hasMessageContaining("'verdict'");
        creatingRule("verdict", "reject").hasMessageContaining("'when'");
    }

    @Test
    void defer_needsExactlyOneReentry() {
        creatingRule("when", "true", "verdict", "defer").hasMessageContaining("exactly one of 'deferSignal'");
        creatingRule("when", "true", "verdict", "defer", "deferSignal", "ok", "deferFor", "5s")
                .hasMessageContaining("exactly one");
        creatingRule("when", "true", "verdict", "defer", "deferFor", "5s", "deferFrom", "a.example")
                .hasMessageContaining("'deferFrom' needs 'deferSignal'");
        creatingRule("when", "true", "verdict", "defer", "deferSignal", "not ok")
                .hasMessageContaining("'deferSignal'");
        creatingRule("when", "true", "verdict", "defer", "deferFor", "0s").hasMessageContaining("'deferFor'");
        creatingRule("when", "true", "verdict", "defer", "deferWhen", "candidate.kind == 'EXECUTE'")
                .hasMessageContaining("'deferWhen'");
    }

    @Test
    void deferSettings_onAnotherVerdict_fail() {
        creatingRule("when", "true", "verdict", "reject", "deferFor", "5s").hasMessageContaining("verdict defer");
        creatingRule("when", "true", "verdict", "permit", "requireDomain", "a.example")
                .hasMessageContaining("verdict constrain");
    }

    @Test
    void constrain_needsValidConstraints() {
        creatingRule("when", "true", "verdict", "constrain").hasMessageContaining("'requireDomain'");
        creatingRule("when", "true", "verdict", "constrain", "requireLabel", "secure")
                .hasMessageContaining("key=value");
    }

    @Test
    void rules_unknownKeyOrDuplicateName_fail() {
        creatingRule("when", "true", "verdict", "reject", "because", "x").hasMessageContaining("because");
        creating(Map.of(
                        "rules",
                        List.of(
                                Map.of("name", "a", "when", "true", "verdict", "permit"),
                                Map.of("name", "a", "when", "false", "verdict", "reject"))))
                .hasMessageContaining("duplicate rule name");
        creating(Map.of("rules", List.of(Map.of("when", "true", "verdict", "permit")), "otherwise", "defer"))
                .hasMessageContaining("'otherwise'");
        creating(Map.of("rule", List.of())).hasMessageContaining("rule");
    }
}
