package io.mre.plugins.timewindow;

import io.mre.spi.Policy;
import io.mre.testkit.PolicyContractTest;
import java.util.Map;

class TimeWindowPolicyContractTest extends PolicyContractTest {
    @Override
    protected Policy policy() {
        return TimeWindowPolicyTest.policy(Map.of("zone", "Europe/Paris", "open", "11:00", "close", "17:00"));
    }
}
