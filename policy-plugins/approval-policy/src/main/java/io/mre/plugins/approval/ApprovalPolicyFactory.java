package io.mre.plugins.approval;

import io.mre.plugins.support.Glob;
import io.mre.spi.InvalidSettingsException;
import io.mre.spi.PluginSettings;
import io.mre.spi.Policy;
import io.mre.spi.PolicyFactory;
import io.mre.spi.Reentry;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Creates the {@code approval} policy.
 *
 * <pre>{@code
 * - name: approval
 *   settings:
 *     operations: ["payment.transfer"]  # which step operations need approval (default: all, with amountAbove)
 *     amountAbove: 10000                # only when the amount is above this (step params first, then input)
 *     amountField: amount               # dotted path of the amount (default "amount")
 *     signal: approved                  # the signal that approves (default "approved")
 *     fromDomains: [insurer.example]    # who may approve (default: anyone who may signal the node)
 * }</pre>
 */
public final class ApprovalPolicyFactory implements PolicyFactory {
    /** The name the node's configuration uses. */
    public static final String NAME = "approval";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Policy create(PluginSettings settings) {
        settings.requireOnly("operations", "amountAbove", "amountField", "signal", "fromDomains");
        boolean hasOperations = settings.values().containsKey("operations");
        if (!hasOperations && !settings.values().containsKey("amountAbove")) {
            throw new InvalidSettingsException(settings.owner() + ": set 'operations', 'amountAbove' or both, or"
                    + " every step would need approval");
        }
        List<String> ops = hasOperations ? settings.strings("operations") : List.of("*");
        if (ops.isEmpty()) {
            throw new InvalidSettingsException(settings.owner() + ": setting 'operations' is empty");
        }
        Glob operations;
        try {
            operations = Glob.of(ops);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(settings.owner() + ": setting 'operations': " + e.getMessage());
        }
        OptionalDouble amountAbove = OptionalDouble.empty();
        if (settings.values().containsKey("amountAbove")) {
            amountAbove =
                    io.mre.plugins.support.JsonValues.number(settings.values().get("amountAbove"));
            if (amountAbove.isEmpty() || !Double.isFinite(amountAbove.getAsDouble())) {
                throw new InvalidSettingsException(settings.owner() + ": setting 'amountAbove' must be a number, got '"
                        + settings.values().get("amountAbove") + "'");
            }
        }
        String amountField = settings.string("amountField", "amount").trim();
        if (amountField.isEmpty()
                || amountField.startsWith(".")
                || amountField.endsWith(".")
                || amountField.contains("..")) {
            throw new InvalidSettingsException(settings.owner() + ": setting 'amountField' must be a field name or a"
                    + " dotted path such as claim.amount, got '" + amountField + "'");
        }
        String signal = settings.string("signal", "approved").trim();
        if (!Reentry.SIGNAL_NAME.matcher(signal).matches()) {
            throw new InvalidSettingsException(settings.owner() + ": setting 'signal' must be 1-64 letters, digits,"
                    + " '.', '_' or '-', got '" + signal + "'");
        }
        return new ApprovalPolicy(
                NAME,
                operations,
                amountField,
                amountAbove,
                signal,
                new LinkedHashSet<>(settings.strings("fromDomains")));
    }
}
