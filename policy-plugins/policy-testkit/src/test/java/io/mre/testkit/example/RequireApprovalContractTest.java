package io.mre.testkit.example;

import static io.mre.testkit.Candidate.executing;

import io.mre.spi.Policy;
import io.mre.testkit.Candidate;
import io.mre.testkit.PolicyContractTest;

class RequireApprovalContractTest extends PolicyContractTest {
    @Override
    protected Policy policy() {
        return new RequireApproval();
    }

    @Override
    protected Candidate sampleCandidate() {
        return executing("pay");
    }
}
