package io.mre.plugins.residency;

import io.mre.spi.Policy;
import io.mre.testkit.PolicyContractTest;
import java.util.Map;

class ResidencyPolicyContractTest extends PolicyContractTest {
    @Override
    protected Policy policy() {
        return ResidencyPolicyTest.policy(Map.of("mode", "constrain"));
    }
}
