package io.mre.plugins.planadvisor;

import io.mre.plugins.support.Glob;
import io.mre.spi.ActionKind;
import io.mre.spi.Advisor;
import io.mre.spi.AdvisorFactory;
import io.mre.spi.InvalidSettingsException;
import io.mre.spi.PluginSettings;
import io.mre.spi.StepView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Creates the {@code plan-advisor} advisor.
 *
 * <pre>{@code
 * advisors:
 *   - name: plan-advisor
 *     settings:
 *       rules:
 *         - name: reinsure-large-claims
 *           whenOperation: payment.transfer              # glob over the step about to run or be routed
 *           whenInputAbove: {field: amount, value: 10000} # intent input (then step params), dotted paths allowed
 *           insertBefore: pay                             # or insertAfter: <step id>; default: before that step
 *           step:
 *             id: reinsure
 *             operation: reinsurance.quote
 *             params: {share: 0.5}
 *             routingDomain: reinsurer.example           # optional, as are requiredCapabilities,
 *             maxAttempts: 2                             # requiredLabels and compensation
 *           rationale: claims above 10000 are reinsured before payment
 *         - name: eu-work-stays-in-eu
 *           whenLabel: {region: eu}                       # the object's context labels
 *           suggest: delegate                             # an action: execute, delegate, dormant, terminate, ...
 *           rationale: EU claims are better handled by the EU office
 * }</pre>
 */
public final class PlanAdvisorFactory implements AdvisorFactory {
    /** The name the node's configuration uses. */
    public static final String NAME = "plan-advisor";

    /** Step ids and operations, as the engine accepts them. */
    private static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Advisor create(PluginSettings settings) {
        settings.requireOnly("rules");
        Object raw = settings.values().get("rules");
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            throw new InvalidSettingsException(
                    settings.owner() + ": setting 'rules' must be a non-empty list of" + " rules, got '" + raw + "'");
        }
        List<AdviceRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            PluginSettings rule = nested(settings.owner() + ": rules[" + i + "]", list.get(i));
            AdviceRule r = rule(rule, "rules[" + i + "]");
            if (!names.add(r.name())) {
                throw new InvalidSettingsException(rule.owner() + ": duplicate rule name '" + r.name() + "'");
            }
            rules.add(r);
        }
        return new PlanAdvisor(NAME, rules);
    }

    private static AdviceRule rule(PluginSettings rule, String index) {
        rule.requireOnly(
                "name",
                "whenOperation",
                "whenInputAbove",
                "whenLabel",
                "insertBefore",
                "insertAfter",
                "step",
                "suggest",
                "rationale");
        String name = rule.string("name", index).trim();
        Optional<Glob> operations = Optional.empty();
        if (has(rule, "whenOperation")) {
            List<String> globs = rule.strings("whenOperation");
            try {
                operations = Optional.of(Glob.of(globs));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingsException(rule.owner() + ": setting 'whenOperation': " + e.getMessage());
            }
            if (globs.isEmpty()) {
                throw new InvalidSettingsException(rule.owner() + ": setting 'whenOperation' is empty");
            }
        }
        String amountField = "";
        OptionalDouble amountAbove = OptionalDouble.empty();
        if (has(rule, "whenInputAbove")) {
            PluginSettings above = nested(
                            rule.owner() + ".whenInputAbove", rule.values().get("whenInputAbove"))
                    .requireOnly("field", "value");
            amountField = above.string("field").trim();
            if (amountField.isEmpty()
                    || amountField.startsWith(".")
                    || amountField.endsWith(".")
                    || amountField.contains("..")) {
                throw new InvalidSettingsException(above.owner() + ": setting 'field' must be a field name or a dotted"
                        + " path, got '" + amountField + "'");
            }
            amountAbove =
                    io.mre.plugins.support.JsonValues.number(above.values().get("value"));
            if (amountAbove.isEmpty() || !Double.isFinite(amountAbove.getAsDouble())) {
                throw new InvalidSettingsException(above.owner() + ": setting 'value' must be a number, got '"
                        + above.values().get("value") + "'");
            }
        }
        Map<String, String> labels = stringMap(rule, "whenLabel");
        boolean inserts = has(rule, "step");
        boolean suggests = has(rule, "suggest");
        if (inserts == suggests) {
            throw new InvalidSettingsException(
                    rule.owner() + ": set exactly one of 'step' (insert a step) or" + " 'suggest' (an action)");
        }
        if (has(rule, "insertBefore") && has(rule, "insertAfter")) {
            throw new InvalidSettingsException(rule.owner() + ": set 'insertBefore' or 'insertAfter', not both");
        }
        if (suggests && (has(rule, "insertBefore") || has(rule, "insertAfter"))) {
            throw new InvalidSettingsException(rule.owner() + ": 'insertBefore'/'insertAfter' go with 'step'");
        }
        Optional<AdviceRule.Anchor> anchor = Optional.empty();
        if (has(rule, "insertBefore") || has(rule, "insertAfter")) {
            boolean before = has(rule, "insertBefore");
            String id = rule.string(before ? "insertBefore" : "insertAfter").trim();
            if (!NAME_PATTERN.matcher(id).matches()) {
                throw new InvalidSettingsException(rule.owner() + ": setting '"
                        + (before ? "insertBefore" : "insertAfter") + "' must name a step id");
            }
            anchor = Optional.of(new AdviceRule.Anchor(id, before));
        }
        Optional<StepView> step = inserts
                ? Optional.of(step(nested(rule.owner() + ".step", rule.values().get("step"))))
                : Optional.empty();
        Optional<ActionKind> suggest = suggests ? Optional.of(action(rule)) : Optional.empty();
        String rationale = rule.string(
                "rationale",
                step.map(s -> "rule '" + name + "': add step '" + s.id() + "' (" + s.operation() + ")")
                        .orElseGet(() -> "rule '" + name + "': "
                                + suggest.orElseThrow().name().toLowerCase(Locale.ROOT)));
        return new AdviceRule(name, operations, amountField, amountAbove, labels, step, anchor, suggest, rationale);
    }

    private static StepView step(PluginSettings step) {
        step.requireOnly(
                "id",
                "operation",
                "params",
                "routingDomain",
                "requiredCapabilities",
                "requiredLabels",
                "compensation",
                "maxAttempts");
        String id = step.string("id").trim();
        String operation = step.string("operation").trim();
        if (!NAME_PATTERN.matcher(id).matches()
                || !NAME_PATTERN.matcher(operation).matches()) {
            throw new InvalidSettingsException(step.owner() + ": 'id' and 'operation' must be 1-64 letters, digits,"
                    + " '.', '_' or '-', got '" + id + "' and '" + operation + "'");
        }
        long maxAttempts = step.number("maxAttempts", 1);
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new InvalidSettingsException(step.owner() + ": setting 'maxAttempts' must be between 1 and 100, got '"
                    + step.values().get("maxAttempts") + "'");
        }
        Object params = Json.normalize(step.map("params"));
        @SuppressWarnings("unchecked")
        Map<String, Object> paramsMap = (Map<String, Object>) params;
        return new StepView(
                id,
                operation,
                paramsMap,
                step.string("routingDomain", "").trim(),
                step.strings("requiredCapabilities"),
                stringMap(step, "requiredLabels"),
                step.string("compensation", "").trim(),
                (int) maxAttempts);
    }

    private static ActionKind action(PluginSettings rule) {
        String text = rule.string("suggest").trim();
        try {
            ActionKind kind = ActionKind.valueOf(text.toUpperCase(Locale.ROOT));
            if (kind != ActionKind.MUTATE) {
                return kind;
            }
        } catch (IllegalArgumentException e) {
            // fall through to the message below
        }
        throw new InvalidSettingsException(rule.owner() + ": setting 'suggest' must be one of execute, delegate,"
                + " dormant, reenter, terminate (a plan change is written as 'step'), got '" + text + "'");
    }

    private static Map<String, String> stringMap(PluginSettings settings, String key) {
        Map<String, String> out = new LinkedHashMap<>();
        settings.map(key).forEach((k, v) -> {
            if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
                throw new InvalidSettingsException(settings.owner() + ": setting '" + key + "' must map names to"
                        + " strings, got '" + k + ": " + v + "'");
            }
            out.put(k, String.valueOf(v));
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static PluginSettings nested(String owner, Object raw) {
        if (!(raw instanceof Map<?, ?> map) || !map.keySet().stream().allMatch(String.class::isInstance)) {
            throw new InvalidSettingsException(owner + " must be a mapping, got '" + raw + "'");
        }
        return new PluginSettings(owner, (Map<String, Object>) map);
    }

    private static boolean has(PluginSettings settings, String key) {
        return settings.values().containsKey(key);
    }
}
