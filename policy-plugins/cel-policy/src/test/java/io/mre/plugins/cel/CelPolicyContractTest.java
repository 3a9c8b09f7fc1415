package io.mre.plugins.cel;

import io.mre.spi.Policy;
import io.mre.testkit.PolicyContractTest;
import java.util.List;
import java.util.Map;

class CelPolicyContractTest extends PolicyContractTest {
    @Override
    protected Policy policy() {
        return CelPolicyTest.policy(Map.of(
                "rules",
                List.of(
                        Map.of(
                                "name",
                                "foreign-peers",
                                "when",
                                "candidate.kind == 'DELEGATE'" + " && candidate.peer.domain != node.domain",
                                "verdict",
                                "reject"),
                        Map.of(
                                "name",
                                "big-amounts",
                                "when",
                                "candidate.kind == 'EXECUTE'"
                                        + " && candidate.step.params.amount > 10000"
                                        + " && !object.state.signals.exists(s, s.name == 'approved')",
                                "verdict",
                                "defer",
                                "deferSignal",
                                "approved"),
                        Map.of(
                                "name",
                                "confidential",
                                "when",
                                "object.context.dataClassification == 'confidential'",
                                "verdict",
                                "constrain",
                                "requireLabel",
                                "tier=secure"))));
    }
}
