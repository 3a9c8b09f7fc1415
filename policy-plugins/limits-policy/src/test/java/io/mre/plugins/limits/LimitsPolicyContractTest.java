package io.mre.plugins.limits;

import io.mre.spi.Policy;
import io.mre.testkit.PolicyContractTest;
import java.util.Map;

class LimitsPolicyContractTest extends PolicyContractTest {
    @Override
    protected Policy policy() {
        return LimitsPolicyTest.policy(Map.of("maxHops", 2, "minRemaining", "1h"));
    }
}
