package io.mre.plugins.planadvisor;

import static io.mre.plugins.planadvisor.PlanAdvisorTest.rule;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mre.spi.InvalidSettingsException;
import io.mre.spi.PluginSettings;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class PlanAdvisorSettingsTest {
    private static final Map<String, Object> STEP = Map.of("id", "audit", "operation", "audit.log");

    private static AbstractThrowableAssert<?, ? extends Throwable> creating(Map<String, Object> settings) {
        return assertThatThrownBy(() -> new PlanAdvisorFactory().create(new PluginSettings("plan-advisor", settings)))
                .isInstanceOf(InvalidSettingsException.class);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> creatingRule(Map<String, Object> rule) {
        return creating(Map.of("rules", List.of(rule)));
    }

    @Test
    void rules_missingOrMalformed_fail() {
        creating(Map.of()).hasMessageContaining("'rules'");
        creating(Map.of("rules", List.of())).hasMessageContaining("'rules'");
        creating(Map.of("rules", List.of("audit"))).hasMessageContaining("rules[0] must be a mapping");
        creating(Map.of("rules", List.of(rule("step", STEP)), "mode", "x")).hasMessageContaining("mode");
    }

    @Test
    void rule_needsExactlyOneAdvice() {
        creatingRule(rule("whenOperation", "x.*")).hasMessageContaining("exactly one of 'step'");
        creatingRule(rule("step", STEP, "suggest", "delegate")).hasMessageContaining("exactly one of 'step'");
        creatingRule(rule("suggest", "mutate")).hasMessageContaining("'suggest'");
        creatingRule(rule("suggest", "fly")).hasMessageContaining("'suggest'");
        creatingRule(rule("suggest", "delegate", "insertAfter", "a")).hasMessageContaining("go with 'step'");
    }

    @Test
    void rule_anchors() {
        creatingRule(rule("step", STEP, "insertBefore", "a", "insertAfter", "b"))
                .hasMessageContaining("not both");
        creatingRule(rule("step", STEP, "insertBefore", "no spaces")).hasMessageContaining("'insertBefore'");
    }

    @Test
    void rule_conditions() {
        creatingRule(rule("step", STEP, "whenInputAbove", Map.of("field", "amount")))
                .hasMessageContaining("whenInputAbove")
                .hasMessageContaining("'value'");
        creatingRule(rule("step", STEP, "whenInputAbove", Map.of("field", "amount", "value", "big")))
                .hasMessageContaining("'value'");
        creatingRule(rule("step", STEP, "whenInputAbove", Map.of("field", "", "value", 1)))
                .hasMessageContaining("'field'");
        creatingRule(rule("step", STEP, "whenInputAbove", 10)).hasMessageContaining("whenInputAbove must be a mapping");
        creatingRule(rule("step", STEP, "whenLabel", Map.of("region", List.of("eu"))))
                .hasMessageContaining("'whenLabel'");
        creatingRule(rule("step", STEP, "whenOperation", List.of())).hasMessageContaining("'whenOperation'");
        creatingRule(rule("step", STEP, "whenOperaton", "x")).hasMessageContaining("whenOperaton");
    }

    @Test
    void rule_step() {
        creatingRule(rule("step", Map.of("id", "audit")))
                .hasMessageContaining("rules[0].step")
                .hasMessageContaining("'operation'");
        creatingRule(rule("step", Map.of("id", "a b", "operation", "audit.log")))
                .hasMessageContaining("'id'");
        creatingRule(rule("step", Map.of("id", "a", "operation", "audit.log", "maxAttempts", 0)))
                .hasMessageContaining("'maxAttempts'");
        creatingRule(rule("step", Map.of("id", "a", "operation", "audit.log", "params", "x")))
                .hasMessageContaining("'params'");
        creatingRule(rule("step", Map.of("id", "a", "operation", "audit.log", "retries", 2)))
                .hasMessageContaining("retries");
    }

    @Test
    void rules_duplicateNames_fail() {
        creating(Map.of("rules", List.of(rule("name", "r", "step", STEP), rule("name", "r", "suggest", "delegate"))))
                .hasMessageContaining("duplicate rule name 'r'");
    }
}
