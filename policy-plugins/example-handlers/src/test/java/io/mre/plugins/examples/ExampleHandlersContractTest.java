package io.mre.plugins.examples;

import static io.mre.testkit.TestObjects.intent;
import static io.mre.testkit.TestObjects.withCompensation;
import static io.mre.testkit.TestObjects.withParam;

import io.mre.spi.OperationHandler;
import io.mre.testkit.ObjectBuilder;
import io.mre.testkit.OperationHandlerContractTest;
import java.util.Map;
import org.junit.jupiter.api.Nested;

/** Every example handler keeps the handler contract of the test kit. */
class ExampleHandlersContractTest {
    private static final ObjectBuilder CLAIM = intent("claim.settle")
            .step("register", "claim.register")
            .step("fraud", "fraud.check")
            .step("credit", "credit.check")
            .step("reinsure", "reinsurance.quote")
            .step("pay", "payment.transfer", withParam("amount", 12_000), withCompensation("payment.refund"))
            .step("notify", "notify.customer")
            .input("policyNumber", "P-1")
            .input("customer", "C-1")
            .input("email", "c1@example.com")
            .input("amount", 12_000);

    /** A contract test of the handler {@code name}, on the claim. */
    abstract static class Contract extends OperationHandlerContractTest {
        private final String name;
        private final Map<String, Object> settings;

        Contract(String name, Map<String, Object> settings) {
            this.name = name;
            this.settings = settings;
        }

        @Override
        protected OperationHandler handler() {
            return Handlers.create(name, settings);
        }

        @Override
        protected ObjectBuilder sampleObject() {
            String operation = Handlers.create(name, settings).operation();
            boolean inClaim = CLAIM.steps().stream()
                    .anyMatch(s -> s.operation().equals(operation)
                            || s.compensationOperation().equals(operation));
            return inClaim ? CLAIM : intent("test").step("run", operation, withParam("greeting", "hi"));
        }
    }

    @Nested
    class Echo extends Contract {
        Echo() {
            super("echo", Map.of());
        }
    }

    @Nested
    class Score extends Contract {
        Score() {
            super("score", Map.of());
        }
    }

    @Nested
    class Fail extends Contract {
        Fail() {
            super("fail", Map.of("times", 1));
        }
    }

    @Nested
    class Sleep extends Contract {
        Sleep() {
            super("sleep", Map.of("duration", "1ms"));
        }
    }

    @Nested
    class Register extends Contract {
        Register() {
            super("claim.register", Map.of());
        }
    }

    @Nested
    class Fraud extends Contract {
        Fraud() {
            super("fraud.check", Map.of());
        }
    }

    @Nested
    class Credit extends Contract {
        Credit() {
            super("credit.check", Map.of());
        }
    }

    @Nested
    class Reinsurance extends Contract {
        Reinsurance() {
            super("reinsurance.quote", Map.of());
        }
    }

    @Nested
    class Transfer extends Contract {
        Transfer() {
            super("payment.transfer", Map.of());
        }
    }

    @Nested
    class Refund extends Contract {
        Refund() {
            super("payment.refund", Map.of());
        }
    }

    @Nested
    class Notify extends Contract {
        Notify() {
            super("notify.customer", Map.of());
        }
    }
}
