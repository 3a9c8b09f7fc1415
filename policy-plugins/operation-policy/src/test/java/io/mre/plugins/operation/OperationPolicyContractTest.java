package io.mre.plugins.operation;

import io.mre.spi.Policy;
import io.mre.testkit.PolicyContractTest;
import java.util.List;
import java.util.Map;

class OperationPolicyContractTest extends PolicyContractTest {
    @Override
    protected Policy policy() {
        return OperationPolicyTest.policy(
                Map.of("allow", List.of("credit.*", "payment.*"), "deny", List.of("payment.refund")));
    }
}
