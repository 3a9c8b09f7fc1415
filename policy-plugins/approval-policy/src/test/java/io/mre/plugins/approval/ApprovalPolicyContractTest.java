package io.mre.plugins.approval;

import io.mre.spi.Policy;
import io.mre.testkit.PolicyContractTest;
import java.util.List;
import java.util.Map;

class ApprovalPolicyContractTest extends PolicyContractTest {
    @Override
    protected Policy policy() {
        return ApprovalPolicyTest.policy(
                Map.of("operations", "payment.*", "amountAbove", 10_000, "fromDomains", List.of("elsewhere.example")));
    }
}
