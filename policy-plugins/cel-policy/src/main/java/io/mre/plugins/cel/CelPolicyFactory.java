package io.mre.plugins.cel;

import io.mre.spi.Constraint;
import io.mre.spi.InvalidSettingsException;
import io.mre.spi.PluginSettings;
import io.mre.spi.Policy;
import io.mre.spi.PolicyFactory;
import io.mre.spi.Reentry;
import io.mre.spi.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Creates the {@code cel} policy: guards in Google CEL over the object, tried in order, first match wins.
 *
 * <pre>{@code
 * - name: cel
 *   settings:
 *     otherwise: permit                      # when no rule matches: permit (default) or reject
 *     rules:
 *       - name: no-crypto
 *         when: "candidate.operation.startsWith('payment.crypto')"
 *         verdict: reject
 *         reason: crypto payments are not handled here
 *       - name: big-claims-wait-for-approval
 *         when: "candidate.kind == 'EXECUTE' && object.intent.input.amount > 50000
 *                && !object.state.signals.exists(s, s.name == 'approved')"
 *         verdict: defer
 *         deferSignal: approved              # or deferFor: 30s, or deferWhen: "<CEL over object, now>"
 *         deferFrom: [insurer.example]       # domains the signal must come from (default: any)
 *       - when: "candidate.kind == 'DELEGATE' && candidate.peer.domain.endsWith('.test')"
 *         verdict: reject
 *       - when: "object.context.dataClassification == 'restricted'"
 *         verdict: constrain
 *         requireLabel: [tier=secure]        # and/or requireDomain: [..], redactOutput: [path, ..]
 * }</pre>
 *
 * Variables: {@code object} ({@code id, originDomain, intent{name, version, input, steps}, context{tenant,
 * ownerDomain, dataClassification, residencyRegions, allowedDomains, deadline?, maxHops, priority, cycleBudget,
 * labels}, state{lifecycle, nextStepId, attempts, completedSteps, outputs, hops, cycles, compensating, signals},
 * history}), {@code candidate} ({@code kind}: EXECUTE, COMPENSATE, DELEGATE or MUTATE; {@code operation, step,
 * attempt, peer{nodeId, domain, address, labels, capabilities}, patch, reason, suggestedBy}), {@code node}
 * ({@code id, domain, labels, capabilities}) and {@code now} (a timestamp).
 */
public final class CelPolicyFactory implements PolicyFactory {
    /** The name the node's configuration uses. */
    public static final String NAME = "cel";

    private static final String[] RULE_KEYS = {
        "name",
        "when",
        "verdict",
        "reason",
        "deferSignal",
        "deferFrom",
        "deferFor",
        "deferWhen",
        "requireDomain",
        "requireLabel",
        "redactOutput"
    };

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Policy create(PluginSettings settings) {
        settings.requireOnly("rules", "otherwise");
        Object raw = settings.values().get("rules");
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            throw new InvalidSettingsException(settings.owner() + ": setting 'rules' must be a non-empty list of"
                    + " rules ({when, verdict, ...}), got '" + raw + "'");
        }
        CelEnvironment guards = CelEnvironment.guards();
        CelConditions conditions = new CelConditions();
        List<Rule> rules = new ArrayList<>(list.size());
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            PluginSettings rule = ruleSettings(settings, i, list.get(i));
            Rule r = rule(rule, guards, conditions, "rules[" + i + "]");
            if (!names.add(r.name())) {
                throw new InvalidSettingsException(rule.owner() + ": duplicate rule name '" + r.name() + "'");
            }
            rules.add(r);
        }
        Verdict otherwise =
                switch (settings.string("otherwise", "permit").trim().toLowerCase(Locale.ROOT)) {
                    case "permit" -> Verdict.permit("no rule matched");
                    case "reject" -> Verdict.reject("no rule matched");
                    default ->
                        throw new InvalidSettingsException(settings.owner() + ": setting 'otherwise' must be permit or"
                                + " reject, got '" + settings.string("otherwise") + "'");
                };
        return new CelPolicy(NAME, rules, otherwise);
    }

    @SuppressWarnings("unchecked")
    private static PluginSettings ruleSettings(PluginSettings settings, int index, Object raw) {
        String owner = settings.owner() + ": rules[" + index + "]";
        if (!(raw instanceof Map<?, ?> map) || !map.keySet().stream().allMatch(String.class::isInstance)) {
            throw new InvalidSettingsException(
                    owner + " must be a mapping such as {when: ..., verdict: ...}, got '" + raw + "'");
        }
        return new PluginSettings(owner, (Map<String, Object>) map).requireOnly(RULE_KEYS);
    }

    private static Rule rule(PluginSettings rule, CelEnvironment guards, CelConditions conditions, String index) {
        String name = rule.string("name", index).trim();
        String when = rule.string("when").trim();
        if (when.isEmpty()) {
            throw new InvalidSettingsException(rule.owner() + ": setting 'when' is blank");
        }
        CelEnvironment.Compiled compiled;
        try {
            compiled = guards.compile(when);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(rule.owner() + " ('" + name + "'): setting 'when' is not a valid CEL"
                    + " condition: " + e.getMessage());
        }
        String verdict = rule.string("verdict").trim().toLowerCase(Locale.ROOT);
        String reason = rule.string("reason", "rule '" + name + "' matched");
        boolean deferKeys =
                has(rule, "deferSignal") || has(rule, "deferFrom") || has(rule, "deferFor") || has(rule, "deferWhen");
        boolean constrainKeys = has(rule, "requireDomain") || has(rule, "requireLabel") || has(rule, "redactOutput");
        if (deferKeys && !verdict.equals("defer") || constrainKeys && !verdict.equals("constrain")) {
            throw new InvalidSettingsException(rule.owner() + ": defer* settings go with verdict defer and require*/"
                    + "redactOutput with verdict constrain (verdict is '" + verdict + "')");
        }
        Verdict v = switch (verdict) {
            case "permit" -> Verdict.permit(reason);
            case "reject" -> Verdict.reject(reason);
            case "defer" -> Verdict.defer(reentry(rule, conditions), reason);
            case "constrain" -> new Verdict.Constrain(constraints(rule), reason);
            default ->
                throw new InvalidSettingsException(rule.owner() + ": setting 'verdict' must be permit, reject,"
                        + " defer or constrain, got '" + rule.string("verdict") + "'");
        };
        return new Rule(name, compiled, v);
    }

    private static Reentry reentry(PluginSettings rule, CelConditions conditions) {
        int kinds =
                (has(rule, "deferSignal") ? 1 : 0) + (has(rule, "deferFor") ? 1 : 0) + (has(rule, "deferWhen") ? 1 : 0);
        if (kinds != 1) {
            throw new InvalidSettingsException(
                    rule.owner() + ": a defer rule needs exactly one of 'deferSignal'," + " 'deferFor' or 'deferWhen'");
        }
        if (has(rule, "deferFrom") && !has(rule, "deferSignal")) {
            throw new InvalidSettingsException(rule.owner() + ": setting 'deferFrom' needs 'deferSignal'");
        }
        if (has(rule, "deferSignal")) {
            String signal = rule.string("deferSignal").trim();
            if (!Reentry.SIGNAL_NAME.matcher(signal).matches()) {
                throw new InvalidSettingsException(rule.owner() + ": setting 'deferSignal' must be 1-64 letters,"
                        + " digits, '.', '_' or '-', got '" + signal + "'");
            }
            return Reentry.onSignal(signal, new LinkedHashSet<>(rule.strings("deferFrom")));
        }
        if (has(rule, "deferFor")) {
            Duration d = rule.duration("deferFor", Duration.ZERO);
            if (d.isNegative() || d.isZero()) {
                throw new InvalidSettingsException(rule.owner() + ": setting 'deferFor' must be positive, got '"
                        + rule.values().get("deferFor") + "'");
            }
            return Reentry.after(d);
        }
        String expression = rule.string("deferWhen").trim();
        try {
            conditions.check(expression);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(rule.owner() + ": setting 'deferWhen' is not a valid CEL condition"
                    + " over object and now: " + e.getMessage());
        }
        return new Reentry.WhenExpression(expression);
    }

    private static List<Constraint> constraints(PluginSettings rule) {
        List<Constraint> out = new ArrayList<>();
        try {
            rule.strings("requireDomain").forEach(d -> out.add(Constraint.requireDomain(d.trim())));
            rule.strings("requireLabel").forEach(l -> out.add(new Constraint(Constraint.Kind.REQUIRE_LABEL, l.trim())));
            rule.strings("redactOutput").forEach(p -> out.add(Constraint.redactOutput(p.trim())));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(rule.owner() + ": " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new InvalidSettingsException(
                    rule.owner() + ": a constrain rule needs 'requireDomain'," + " 'requireLabel' or 'redactOutput'");
        }
        return out;
    }

    private static boolean has(PluginSettings settings, String key) {
        return settings.values().containsKey(key);
    }
}
