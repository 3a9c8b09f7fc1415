package io.mre.cli.report;

import java.util.List;

/**
 * A reentry condition. {@code kind} is {@code at}, {@code after}, {@code signal} or {@code expression}; only the
 * field of that kind is set (the others are null), {@code fromDomains} is empty unless the kind is a signal.
 */
public record ConditionReport(
        String kind, String at, String after, String signal, List<String> fromDomains, String expression) {
    public ConditionReport {
        fromDomains = List.copyOf(fromDomains);
    }

    /** A short human form: {@code signal 'approved' from bureau.example}, {@code time 2026-...Z}, {@code after PT10M}. */
    public String describe() {
        return switch (kind) {
            case "at" -> "time " + at;
            case "after" -> "after " + after;
            case "signal" ->
                "signal '" + signal + "'" + (fromDomains.isEmpty() ? "" : " from " + String.join(", ", fromDomains));
            case "expression" -> "expression " + expression;
            default -> kind;
        };
    }
}
