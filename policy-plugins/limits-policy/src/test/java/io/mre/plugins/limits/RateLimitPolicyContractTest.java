package io.mre.plugins.limits;

import io.mre.spi.Policy;
import io.mre.testkit.PolicyContractTest;
import java.util.Map;

class RateLimitPolicyContractTest extends PolicyContractTest {
    @Override
    protected Policy policy() {
        return RateLimitPolicyTest.policy(Map.of("ratePerSecond", 5, "burst", 3));
    }

    @Override
    protected boolean isStateful() {
        return true; // the token buckets: verdicts depend on earlier calls
    }
}
