/**
 * The plugin author's test kit: build an object fluently, run a policy, advisor or operation handler against it as
 * the engine would, and assert the outcome in a few lines, without a node.
 *
 * <pre>{@code
 * import static io.mre.testkit.Candidate.*;
 * import static io.mre.testkit.MreAssertions.*;
 * import static io.mre.testkit.TestNodes.*;
 * import static io.mre.testkit.TestObjects.*;
 *
 * ObjectBuilder claim = intent("claim.settle")
 *         .step("check", "credit.check")
 *         .step("pay", "payment.transfer", withParam("amount", 12_000), withCompensation("payment.refund"))
 *         .context(c -> c.withTenant("acme").withOwnerDomain("insurer.example"))
 *         .completed("check");
 *
 * // one policy, one candidate, fail-closed as in the engine
 * PolicyHarness harness = PolicyHarness.forNode(node("n1", "insurer.example").withLabel("region", "eu-west"));
 * assertThatVerdict(harness.evaluate(new NoLargePayments(), claim, executing("pay")))
 *         .isReject().hasReasonContaining("10000");
 *
 * // the same object through a real engine, end to end
 * EngineRun run = EngineHarness.forNode(node("n1", "insurer.example"))
 *         .policy(new NoLargePayments()).handler(TestHandlers.succeeding("payment.transfer"))
 *         .run(claim);
 * assertThatRun(run).hasEnded(Ending.REJECTED);
 * }</pre>
 *
 * <p>Every built-in policy, advisor and handler extends {@link io.mre.testkit.PolicyContractTest},
 * {@link io.mre.testkit.AdvisorContractTest} or {@link io.mre.testkit.OperationHandlerContractTest}; so should yours.
 */
package io.mre.testkit;
