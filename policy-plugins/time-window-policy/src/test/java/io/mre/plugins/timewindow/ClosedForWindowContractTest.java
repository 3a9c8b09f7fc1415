package io.mre.plugins.timewindow;

import io.mre.spi.Policy;
import io.mre.testkit.PolicyContractTest;
import java.util.Map;

class ClosedForWindowContractTest extends PolicyContractTest {
    @Override
    protected Policy policy() {
        return TimeWindowPolicyTest.policy(Map.of("closedFor", "3s"));
    }
}
