package com.example.policy;

import io.mre.spi.Policy;
import io.mre.testkit.PolicyContractTest;
import java.util.Map;

/** The SPI's contract (answers every case, with reasons, deterministically, thread-safely), checked by the kit. */
class NoWeekendPaymentsContractTest extends PolicyContractTest {
    @Override
    protected Policy policy() {
        return NoWeekendPaymentsTest.policy(Map.of("maxAmount", 10_000));
    }
}
