package io.mre.plugins.trustdomain;

import io.mre.spi.Policy;
import io.mre.testkit.PolicyContractTest;
import java.util.List;
import java.util.Map;

class TrustDomainPolicyContractTest extends PolicyContractTest {
    @Override
    protected Policy policy() {
        return TrustDomainPolicyTest.policy(Map.of(
                "acceptFrom",
                List.of("origin.example"),
                "acceptEntriesFrom",
                List.of("*.example"),
                "delegateTo",
                List.of("test.example")));
    }
}
