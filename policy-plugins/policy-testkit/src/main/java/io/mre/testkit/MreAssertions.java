package io.mre.testkit;

import io.mre.spi.HandlerResult;
import io.mre.spi.Verdict;

/**
 * Entry points of the kit's AssertJ assertions. Import statically, beside AssertJ's own.
 *
 * <pre>{@code
 * import static io.mre.testkit.MreAssertions.*;
 *
 * assertThatVerdict(harness.evaluate(policy, claim, executing("pay"))).isReject().hasReasonContaining("10000");
 * assertThatJudgement(harness.judge(policies, claim, executing("pay"))).isDeferredUntilSignal("approved");
 * assertThatAdvice(harness.advise(advisor, claim, executing("pay"))).suggestsInsertingStep("fraud.check");
 * assertThatResult(harness.invoke(handler, claim, "check")).isSuccess();
 * assertThatRun(engineHarness.run(claim)).isCompleted();
 * }</pre>
 */
public final class MreAssertions {
    private MreAssertions() {}

    /** Assertions on one policy's verdict. */
    public static VerdictAssert assertThatVerdict(Verdict actual) {
        return new VerdictAssert(actual);
    }

    /** Assertions on the combined judgement of several policies. */
    public static JudgementAssert assertThatJudgement(Judgement actual) {
        return new JudgementAssert(actual);
    }

    /** Assertions on what an advisor said. */
    public static AdvisedAssert assertThatAdvice(Advised actual) {
        return new AdvisedAssert(actual);
    }

    /** Assertions on an operation handler's result. */
    public static HandlerResultAssert assertThatResult(HandlerResult actual) {
        return new HandlerResultAssert(actual);
    }

    /** Assertions on an engine run. */
    public static EngineRunAssert assertThatRun(EngineRun actual) {
        return new EngineRunAssert(actual);
    }
}
