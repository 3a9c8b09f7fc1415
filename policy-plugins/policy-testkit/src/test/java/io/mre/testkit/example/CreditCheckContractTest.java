package io.mre.testkit.example;

import static io.mre.testkit.TestObjects.intent;
import static io.mre.testkit.TestObjects.withParam;

import io.mre.spi.OperationHandler;
import io.mre.testkit.ObjectBuilder;
import io.mre.testkit.OperationHandlerContractTest;

class CreditCheckContractTest extends OperationHandlerContractTest {
    @Override
    protected OperationHandler handler() {
        return new CreditCheck();
    }

    @Override
    protected ObjectBuilder sampleObject() {
        return intent("claim.settle").step("check", "credit.check", withParam("applicant", "A-1"));
    }
}
