package io.mre.testkit.example;

import io.mre.spi.Advisor;
import io.mre.testkit.AdvisorContractTest;

class FraudCheckAdvisorContractTest extends AdvisorContractTest {
    @Override
    protected Advisor advisor() {
        return new FraudCheckAdvisor();
    }
}
