package io.mre.testkit.example;

import io.mre.spi.Policy;
import io.mre.testkit.PolicyContractTest;

/** An author's policy passes the SPI contract (from another package than the kit's, as in an author's project). */
class NoLargePaymentsContractTest extends PolicyContractTest {
    @Override
    protected Policy policy() {
        return new NoLargePayments(10_000);
    }
}
