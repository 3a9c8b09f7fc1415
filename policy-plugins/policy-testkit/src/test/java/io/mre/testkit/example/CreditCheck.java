package io.mre.testkit.example;

import io.mre.spi.HandlerResult;
import io.mre.spi.Invocation;
import io.mre.spi.OperationHandler;
import java.util.Map;

/** A pure handler: scores the applicant named by the {@code applicant} parameter. */
public final class CreditCheck implements OperationHandler {
    @Override
    public String operation() {
        return "credit.check";
    }

    @Override
    public HandlerResult handle(Invocation invocation) {
        if (!(invocation.params().get("applicant") instanceof String applicant)) {
            return HandlerResult.failure("MISSING_APPLICANT", "parameter 'applicant' is required");
        }
        return HandlerResult.success(
                Map.of("applicant", applicant, "score", 500 + Math.floorMod(applicant.hashCode(), 300)));
    }
}
