package io.mre.cli;

import static io.mre.cli.DemoMesh.settings;

import java.util.List;
import java.util.Map;

/**
 * The three organizations of the demo, each with its own CA, node, mode and local policy: an insurer that owns
 * the claim, a credit bureau that checks it for fraud, and a reinsurer that quotes its share of large claims.
 */
final class DemoOrganizations {
    /** One organization's node: its id, domain, mode, labels and plugin configuration. */
    record Spec(
            String nodeId,
            String domain,
            String mode,
            Map<String, String> labels,
            List<Map<String, Object>> policies,
            List<Map<String, Object>> advisors,
            List<Map<String, Object>> handlers) {}

    static final String INSURER = "insurer.example";
    static final String BUREAU = "bureau.example";
    static final String REINSURER = "reinsurer.example";

    private DemoOrganizations() {}

    static List<Spec> all() {
        return List.of(insurer(), bureau(), reinsurer());
    }

    private static Spec insurer() {
        return new Spec(
                "claims",
                INSURER,
                "memory-aware",
                Map.of("region", "eu-west"),
                List.of(
                        plugin(
                                "trust-domain",
                                settings("acceptFrom", List.of(INSURER), "delegateTo", List.of(BUREAU, REINSURER))),
                        plugin(
                                "approval",
                                settings(
                                        "operations",
                                        List.of("payment.transfer"),
                                        "signal",
                                        "approved",
                                        "fromDomains",
                                        List.of(INSURER))),
                        plugin("limits", settings("maxHops", 8))),
                List.of(plugin(
                        "plan-advisor",
                        settings(
                                "rules",
                                List.of(settings(
                                        "name", "reinsure-large-claims",
                                        "whenOperation", "payment.transfer",
                                        "whenInputAbove", settings("field", "amount", "value", 10000),
                                        "insertBefore", "pay",
                                        "step",
                                                settings(
                                                        "id",
                                                        "reinsure",
                                                        "operation",
                                                        "reinsurance.quote",
                                                        "routingDomain",
                                                        REINSURER),
                                        "rationale", "claims above 10000 are reinsured before payment"))))),
                List.of(
                        plugin("claim.register", settings()),
                        plugin("payment.transfer", settings("maxAmount", 1_000_000)),
                        plugin("payment.refund", settings()),
                        plugin(
                                "fail",
                                settings(
                                        "operation",
                                        "notify.customer",
                                        "retryable",
                                        true,
                                        "code",
                                        "SMTP_DOWN",
                                        "message",
                                        "the customer's mail server refuses mail"))));
    }

    private static Spec bureau() {
        return new Spec(
                "bureau",
                BUREAU,
                "memory-aware",
                Map.of("region", "eu-west"),
                List.of(
                        plugin(
                                "trust-domain",
                                settings("acceptFrom", List.of(INSURER), "delegateTo", List.of(INSURER, REINSURER))),
                        plugin("operation-allow-list", settings("allow", List.of("fraud.check", "credit.check"))),
                        plugin("residency", settings("classifications", List.of("confidential"), "mode", "reject"))),
                List.of(),
                List.of(
                        plugin("fraud.check", settings("threshold", 70, "highAmount", 200_000)),
                        plugin("credit.check", settings())));
    }

    private static Spec reinsurer() {
        return new Spec(
                "treaty",
                REINSURER,
                "stateless",
                Map.of("region", "eu-west"),
                List.of(
                        plugin(
                                "trust-domain",
                                settings("acceptFrom", List.of(INSURER), "delegateTo", List.of(INSURER))),
                        plugin("time-window", settings("operations", List.of("reinsurance.quote"), "closedFor", "3s")),
                        plugin(
                                "cel",
                                settings(
                                        "otherwise",
                                        "permit",
                                        "rules",
                                        List.of(settings(
                                                "name", "treaty-limit",
                                                "when",
                                                        "candidate.operation == 'reinsurance.quote' "
                                                                + "&& has(object.intent.input.amount) "
                                                                + "&& object.intent.input.amount > 5000000",
                                                "verdict", "reject",
                                                "reason", "above the treaty limit of 5 000 000"))))),
                List.of(),
                List.of(plugin("reinsurance.quote", settings("retention", 10000, "rate", 0.03))));
    }

    private static Map<String, Object> plugin(String name, Map<String, Object> settings) {
        return settings.isEmpty() ? settings("name", name) : settings("name", name, "settings", settings);
    }
}
