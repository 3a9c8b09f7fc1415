package io.mre.plugins.examples;

import static io.mre.testkit.MreAssertions.assertThatResult;
import static io.mre.testkit.TestObjects.intent;
import static io.mre.testkit.TestObjects.routedTo;
import static io.mre.testkit.TestObjects.withCompensation;
import static io.mre.testkit.TestObjects.withParam;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mre.spi.HandlerResult;
import io.mre.spi.InvalidSettingsException;
import io.mre.spi.OperationHandler;
import io.mre.testkit.ObjectBuilder;
import io.mre.testkit.PolicyHarness;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClaimHandlersTest {
    private final PolicyHarness harness = PolicyHarness.defaults();
    /** The demo's claim: register, check, reinsure, pay (undone by a refund), notify. */
    private final ObjectBuilder claim = intent("claim.settle")
            .step("register", "claim.register")
            .step("fraud", "fraud.check")
            .step("credit", "credit.check", routedTo("bureau.example"))
            .step("reinsure", "reinsurance.quote", withParam("share", 0.5))
            .step("pay", "payment.transfer", withCompensation("payment.refund"))
            .step("notify", "notify.customer", withParam("template", "claim-paid"))
            .input("policyNumber", "P-1001")
            .input("customer", "C-42")
            .input("email", "c42@example.com")
            .input("amount", 25_000);

    private static Map<String, Object> output(HandlerResult r) {
        assertThat(r).isInstanceOf(HandlerResult.Success.class);
        return ((HandlerResult.Success) r).output();
    }

    @Test
    void register_keepsTheClaimAndDerivesAnIdWhenNoneIsGiven() {
        Map<String, Object> out = output(harness.invoke(Handlers.create("claim.register"), claim, "register"));

        assertThat(out)
                .containsEntry("policyNumber", "P-1001")
                .containsEntry("customer", "C-42")
                .containsEntry("amount", 25_000.0)
                .containsEntry("registered", true);
        assertThat((String) out.get("claimId")).matches("CLM-[0-9A-F]{8}");
        assertThatResult(harness.invoke(Handlers.create("claim.register"), claim.input("claimId", "CL-7"), "register"))
                .hasOutputEntry("claimId", "CL-7");
    }

    @Test
    void fraud_scoreIsDeterministicAndGrowsWithTheAmount() {
        Map<String, Object> never = Map.of("threshold", 100);
        long small = (Long)
                output(harness.invoke(Handlers.create("fraud.check", never), claim.input("amount", 100), "fraud"))
                        .get("fraudScore");
        long large = (Long)
                output(harness.invoke(Handlers.create("fraud.check", never), claim.input("amount", 90_000), "fraud"))
                        .get("fraudScore");

        assertThat(large).isGreaterThan(small).isBetween(0L, 100L);
        assertThat(output(harness.invoke(Handlers.create("fraud.check", never), claim.input("amount", 100), "fraud")))
                .containsEntry("fraudScore", small)
                .containsEntry("flagged", false);
        assertThatResult(harness.invoke(Handlers.create("fraud.check", Map.of("threshold", 0)), claim, "fraud"))
                .hasOutputEntry("flagged", true);
    }

    @Test
    void credit_scoreAndRatingFromTheCustomer() {
        OperationHandler credit = Handlers.create("credit.check", Map.of("bureau", "Example Credit Bureau"));
        Map<String, Object> out = output(harness.invoke(credit, claim, "credit"));
        long score = (Long) out.get("creditScore");

        assertThat(score).isBetween(300L, 850L);
        assertThat(out)
                .containsEntry("bureau", "Example Credit Bureau")
                .containsEntry("rating", score >= 740 ? "A" : score >= 670 ? "B" : score >= 580 ? "C" : "D");
        assertThat(output(harness.invoke(credit, claim.input("amount", 1), "credit")))
                .isEqualTo(out);
    }

    @Test
    void reinsurance_cedesTheShareAboveRetention() {
        OperationHandler quote = Handlers.create(
                "reinsurance.quote", Map.of("reinsurer", "Example Re", "retention", 10_000, "rate", 0.04));

        assertThat(output(harness.invoke(quote, claim, "reinsure")))
                .containsEntry("reinsurer", "Example Re")
                .containsEntry("ceded", 7_500.0)
                .containsEntry("premium", 300.0)
                .containsKey("quoteId");
    }

    @Test
    void transfer_sendsTheAmountWithAnIdFromTheKey() {
        OperationHandler transfer = Handlers.create("payment.transfer");
        Map<String, Object> out = output(harness.invoke(transfer, claim, "pay"));

        assertThat(out)
                .containsEntry("amount", 25_000.0)
                .containsEntry("to", "C-42")
                .containsEntry("status", "sent");
        assertThat((String) out.get("transferId")).matches("TX-[0-9A-F]{8}");
        assertThat(output(harness.invoke(Handlers.create("payment.transfer"), claim, "pay")))
                .isEqualTo(out);
    }

    @Test
    void transfer_refusesNothingAndTooMuch() {
        assertThatResult(harness.invoke(Handlers.create("payment.transfer"), claim.withInput(Map.of()), "pay"))
                .isPermanentFailure()
                .hasFailureCode("INVALID_AMOUNT");
        assertThatResult(harness.invoke(Handlers.create("payment.transfer", Map.of("maxAmount", 20_000)), claim, "pay"))
                .isPermanentFailure()
                .hasFailureCode("LIMIT_EXCEEDED");
    }

    @Test
    void refund_undoesTheRecordedTransfer() {
        ObjectBuilder paid = claim.completed("register")
                .completed("fraud")
                .completed("credit")
                .completed("reinsure")
                .completed("pay", Map.of("transferId", "TX-0000BEEF", "amount", 25_000))
                .failed("notify");

        Map<String, Object> out = output(harness.invokeCompensation(Handlers.create("payment.refund"), paid, "pay"));

        assertThat(out)
                .containsEntry("transferId", "TX-0000BEEF")
                .containsEntry("amount", 25_000.0)
                .containsEntry("status", "refunded");
        assertThat((String) out.get("refundId")).matches("RF-[0-9A-F]{8}");
    }

    @Test
    void notify_sendsToTheCustomersAddress() {
        assertThat(output(
                        harness.invoke(Handlers.create("notify.customer", Map.of("channel", "sms")), claim, "notify")))
                .containsEntry("to", "c42@example.com")
                .containsEntry("channel", "sms")
                .containsEntry("template", "claim-paid");
    }

    @Test
    void notify_withoutAnAddress_failsForGood() {
        assertThatResult(harness.invoke(
                        Handlers.create("notify.customer"), claim.withInput(Map.of("customer", "C-1")), "notify"))
                .isPermanentFailure()
                .hasFailureCode("NO_CONTACT");
    }

    @Test
    void settings_badValues_failNamingTheKey() {
        assertThatThrownBy(() -> Handlers.create("fraud.check", Map.of("threshold", 500)))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'threshold'");
        assertThatThrownBy(() -> Handlers.create("reinsurance.quote", Map.of("rate", "cheap")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("'rate'");
        assertThatThrownBy(() -> Handlers.create("payment.transfer", Map.of("limit", 5)))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("limit");
    }
}
