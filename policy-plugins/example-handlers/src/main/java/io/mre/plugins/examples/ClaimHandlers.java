package io.mre.plugins.examples;

import io.mre.spi.HandlerResult;
import io.mre.spi.InvalidSettingsException;
import io.mre.spi.Invocation;
import io.mre.spi.PluginSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The insurance-claim demo's operations. Every output is computed from the invocation alone (input, params,
 * earlier outputs, idempotency key), so any node that runs a step gives the same answer. The claim's input is
 * {@code {claimId?, policyNumber, customer, email?, amount}}; a step's params override input fields.
 *
 * <pre>{@code
 * handlers:
 *   - name: claim.register             # {claimId, policyNumber, customer, amount, registered}
 *   - name: fraud.check                # {fraudScore 0-100, flagged}
 *     settings: {threshold: 70, highAmount: 50000}
 *   - name: credit.check               # {creditScore 300-850, rating A-D, bureau}
 *     settings: {bureau: Example Credit Bureau}
 *   - name: reinsurance.quote          # {reinsurer, retention, ceded, premium, quoteId}
 *     settings: {reinsurer: Example Re, retention: 10000, rate: 0.03}
 *   - name: payment.transfer           # {transferId, amount, to, status}; fails above maxAmount
 *     settings: {maxAmount: 1000000}
 *   - name: payment.refund             # compensation of payment.transfer: {refundId, transferId, amount, status}
 *   - name: notify.customer            # {messageId, to, channel, template}; fails when there is no address
 *     settings: {channel: email}
 * }</pre>
 */
final class ClaimHandlers {
    private ClaimHandlers() {}

    static List<HandlerFactory> factories() {
        return List.of(
                HandlerFactory.of("claim.register", ClaimHandlers::register),
                HandlerFactory.of("fraud.check", ClaimHandlers::fraud, "threshold", "highAmount"),
                HandlerFactory.of("credit.check", ClaimHandlers::credit, "bureau"),
                HandlerFactory.of("reinsurance.quote", ClaimHandlers::reinsurance, "reinsurer", "retention", "rate"),
                HandlerFactory.of("payment.transfer", ClaimHandlers::transfer, "maxAmount"),
                HandlerFactory.of("payment.refund", ClaimHandlers::refund),
                HandlerFactory.of("notify.customer", ClaimHandlers::notify, "channel"));
    }

    private static FunctionHandler register(PluginSettings settings, String operation) {
        return new FunctionHandler(operation, inv -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("claimId", Values.text(inv, "claimId", Values.id("CLM-", inv.objectId())));
            out.put("policyNumber", Values.text(inv, "policyNumber", ""));
            out.put("customer", Values.text(inv, "customer", ""));
            out.put("amount", Values.cents(Values.number(inv, "amount", 0)));
            out.put("registered", true);
            return HandlerResult.success(out);
        });
    }

    private static FunctionHandler fraud(PluginSettings settings, String operation) {
        long threshold = settings.number("threshold", 70);
        double highAmount = Values.decimal(settings, "highAmount", 50_000);
        if (threshold < 0 || threshold > 100 || !(highAmount > 0)) {
            throw new InvalidSettingsException(
                    settings.owner() + ": 'threshold' must be 0-100 and 'highAmount'" + " positive");
        }
        return new FunctionHandler(operation, inv -> {
            // Half of the score from who claims, half from how much relative to a high claim.
            double amount = Values.number(inv, "amount", 0);
            long identity =
                    Values.hash(Values.text(inv, "customer", "") + "|" + Values.text(inv, "policyNumber", "")) % 51;
            long size = Math.round(Math.min(1.0, Math.max(0, amount) / highAmount) * 49);
            long score = identity + size;
            return HandlerResult.success(Map.of("fraudScore", score, "flagged", score >= threshold));
        });
    }

    private static FunctionHandler credit(PluginSettings settings, String operation) {
        String bureau = settings.string("bureau", "credit-bureau");
        return new FunctionHandler(operation, inv -> {
            long score = 300 + Values.hash("credit|" + Values.text(inv, "customer", "")) % 551;
            String rating = score >= 740 ? "A" : score >= 670 ? "B" : score >= 580 ? "C" : "D";
            return HandlerResult.success(Map.of("creditScore", score, "rating", rating, "bureau", bureau));
        });
    }

    private static FunctionHandler reinsurance(PluginSettings settings, String operation) {
        String reinsurer = settings.string("reinsurer", "reinsurer");
        double retention = Values.decimal(settings, "retention", 10_000);
        double rate = Values.decimal(settings, "rate", 0.03);
        if (retention < 0 || rate < 0 || rate > 1) {
            throw new InvalidSettingsException(
                    settings.owner() + ": 'retention' must not be negative and 'rate' must" + " be between 0 and 1");
        }
        return new FunctionHandler(operation, inv -> {
            double share = Math.max(0, Math.min(1, Values.number(inv, "share", 1)));
            double ceded = Values.cents(Math.max(0, Values.number(inv, "amount", 0) - retention) * share);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("reinsurer", reinsurer);
            out.put("retention", retention);
            out.put("ceded", ceded);
            out.put("premium", Values.cents(ceded * rate));
            out.put("quoteId", Values.id("RQ-", inv.idempotencyKey()));
            return HandlerResult.success(out);
        });
    }

    private static FunctionHandler transfer(PluginSettings settings, String operation) {
        double maxAmount = Values.decimal(settings, "maxAmount", Double.MAX_VALUE);
        return new FunctionHandler(operation, inv -> {
            double amount = Values.cents(Values.number(inv, "amount", 0));
            if (!(amount > 0)) {
                return HandlerResult.failure("INVALID_AMOUNT", "nothing to transfer: amount is " + amount);
            }
            if (amount > maxAmount) {
                return HandlerResult.failure(
                        "LIMIT_EXCEEDED", "amount " + amount + " is above the limit of " + maxAmount);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("transferId", Values.id("TX-", inv.idempotencyKey()));
            out.put("amount", amount);
            out.put("to", Values.text(inv, "iban", Values.text(inv, "customer", "")));
            out.put("status", "sent");
            return HandlerResult.success(out);
        });
    }

    private static FunctionHandler refund(PluginSettings settings, String operation) {
        return new FunctionHandler(operation, inv -> {
            Map<String, Object> transfer = inv.outputs().getOrDefault(inv.stepId(), Map.of());
            Object transferId = transfer.getOrDefault("transferId", Values.text(inv, "transferId", ""));
            double amount = Values.number(transfer.get("amount")).orElse(Values.number(inv, "amount", 0));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("refundId", Values.id("RF-", inv.idempotencyKey()));
            out.put("transferId", transferId);
            out.put("amount", Values.cents(amount));
            out.put("status", "refunded");
            return HandlerResult.success(out);
        });
    }

    private static FunctionHandler notify(PluginSettings settings, String operation) {
        String defaultChannel = settings.string("channel", "email");
        return new FunctionHandler(operation, inv -> notify(inv, defaultChannel));
    }

    private static HandlerResult notify(Invocation inv, String defaultChannel) {
        String to = Values.text(inv, "to", Values.text(inv, "email", ""));
        if (to.isBlank()) {
            return HandlerResult.failure(
                    "NO_CONTACT", "the customer has no address to notify (set input.email or" + " params.to)");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("messageId", Values.id("MSG-", inv.idempotencyKey()));
        out.put("to", to);
        out.put("channel", Values.text(inv, "channel", defaultChannel));
        out.put("template", Values.text(inv, "template", "claim-update"));
        return HandlerResult.success(out);
    }
}
