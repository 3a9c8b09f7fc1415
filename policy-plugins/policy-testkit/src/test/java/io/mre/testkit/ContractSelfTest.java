package io.mre.testkit;

import static io.mre.testkit.PolicyHarnessTest.advisor;
import static io.mre.testkit.PolicyHarnessTest.policy;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mre.spi.Advice;
import io.mre.spi.Advisor;
import io.mre.spi.CandidateAction;
import io.mre.spi.HandlerResult;
import io.mre.spi.OperationHandler;
import io.mre.spi.PlanPatch;
import io.mre.spi.Policy;
import io.mre.spi.StepView;
import io.mre.spi.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** The contract base classes catch the plugins that break the contract. */
class ContractSelfTest {
    @Test
    void policyContract_catchesANullVerdict() {
        assertThatThrownBy(() ->
                        policyContract(policy("silent", e -> null)).evaluate_answersEveryCaseWithAVerdictAndAReason())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("verdict for");
    }

    @Test
    void policyContract_catchesAThrowOnSomeCandidate() {
        Policy delegationsBreakIt = policy("fragile", e -> {
            if (e.candidate() instanceof CandidateAction.Delegate) {
                throw new UnsupportedOperationException("delegation?");
            }
            return Verdict.permit();
        });

        assertThatThrownBy(() -> policyContract(delegationsBreakIt).evaluate_answersEveryCaseWithAVerdictAndAReason())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("threw on delegate 'check'")
                .hasMessageContaining("delegation?");
    }

    @Test
    void policyContract_catchesABlankRejectReason() {
        assertThatThrownBy(() -> policyContract(policy("terse", e -> Verdict.reject(" ")))
                        .evaluate_answersEveryCaseWithAVerdictAndAReason())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("recorded in the entry");
    }

    @Test
    void policyContract_catchesABlankOrChangingName() {
        assertThatThrownBy(
                        () -> policyContract(policy(" ", e -> Verdict.permit())).name_isNonBlank())
                .isInstanceOf(AssertionError.class);
        AtomicInteger calls = new AtomicInteger();
        Policy drifting = new Policy() {
            public String name() {
                return "p" + calls.incrementAndGet();
            }

            public Verdict evaluate(io.mre.spi.Evaluation e) {
                return Verdict.permit();
            }
        };
        assertThatThrownBy(() -> policyContract(drifting).name_isStable()).isInstanceOf(AssertionError.class);
    }

    @Test
    void policyContract_catchesANondeterministicPolicy_unlessDeclaredStateful() {
        AtomicInteger calls = new AtomicInteger();
        Policy flipping =
                policy("flip", e -> calls.incrementAndGet() % 2 == 0 ? Verdict.permit() : Verdict.reject("odd"));

        assertThatThrownBy(() -> policyContract(flipping).evaluate_isDeterministic())
                .isInstanceOf(AssertionError.class);
        PolicyContractTest stateful = new PolicyContractTest() {
            protected Policy policy() {
                return flipping;
            }

            protected boolean isStateful() {
                return true;
            }
        };
        assertThatThrownBy(stateful::evaluate_isDeterministic).isInstanceOf(TestAbortedException.class);
        assertThatCode(stateful::evaluate_isThreadSafe).doesNotThrowAnyException();
    }

    @Test
    void policyContract_passesAWellBehavedPolicyOnEveryCheck() {
        PolicyContractTest contract = policyContract(policy("calm", e -> Verdict.permit("always")));

        assertThatCode(() -> {
                    contract.name_isNonBlank();
                    contract.name_isStable();
                    contract.evaluate_answersEveryCaseWithAVerdictAndAReason();
                    contract.evaluate_isDeterministic();
                    contract.evaluate_isThreadSafe();
                    contract.evaluate_leavesTheEvaluationUnchanged();
                })
                .doesNotThrowAnyException();
    }

    @Test
    void advisorContract_catchesANullListAndBadPatches() {
        assertThatThrownBy(
                        () -> advisorContract(advisor("mute", e -> null)).advise_answersEveryCaseWithAListFreeOfNulls())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("return List.of()");
        Advisor duplicating = advisor(
                "dup",
                e -> List.of(Advice.mutate(
                        PlanPatch.insertAfter("check", StepView.of("pay", "payment.transfer", Map.of())), "again")));
        assertThatThrownBy(() -> advisorContract(duplicating).advise_suggestsPlanChangesThatFitThePlan())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("already in the plan");
        Advisor dangling = advisor(
                "dangling",
                e -> List.of(Advice.mutate(
                        PlanPatch.insertAfter("nowhere", StepView.of("audit", "audit.log", Map.of())), "audit")));
        assertThatThrownBy(() -> advisorContract(dangling).advise_suggestsPlanChangesThatFitThePlan())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no such step");
    }

    @Test
    void handlerContract_catchesNullsThrowsAndOutputsTheEngineCannotRecord() {
        assertThatThrownBy(() ->
                        handlerContract(TestHandlers.of("op.x", i -> null)).handle_answersEveryInvocationWithAResult())
                .isInstanceOf(AssertionError.class);
        OperationHandler needsParams = TestHandlers.of(
                "op.x",
                i -> HandlerResult.success(Map.of("n", ((String) i.params().get("name")).length())));
        assertThatThrownBy(() -> handlerContract(needsParams).handle_withoutParameters_failsInsteadOfThrowing())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("HandlerResult.failure");
        OperationHandler instant = TestHandlers.of("op.x", i -> HandlerResult.success(Map.of("at", Instant.EPOCH)));
        assertThatThrownBy(() -> handlerContract(instant).handle_outputHoldsOnlyJsonLikeValues())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("java.time.Instant");
        AtomicInteger calls = new AtomicInteger();
        OperationHandler forgetful = TestHandlers.of(
                "op.x",
                i -> calls.incrementAndGet() % 2 == 1
                        ? HandlerResult.success(Map.of())
                        : HandlerResult.failure("DUP", "already done"));
        assertThatThrownBy(() -> handlerContract(forgetful).handle_sameIdempotencyKey_sameKindOfResult())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("second result for key");
        assertThatThrownBy(() -> handlerContract(TestHandlers.of("not a name", i -> HandlerResult.success(Map.of())))
                        .operation_isAWellFormedStableName())
                .isInstanceOf(AssertionError.class);
    }

    private static PolicyContractTest policyContract(Policy policy) {
        return new PolicyContractTest() {
            protected Policy policy() {
                return policy;
            }
        };
    }

    private static AdvisorContractTest advisorContract(Advisor advisor) {
        return new AdvisorContractTest() {
            protected Advisor advisor() {
                return advisor;
            }
        };
    }

    private static OperationHandlerContractTest handlerContract(OperationHandler handler) {
        return new OperationHandlerContractTest() {
            protected OperationHandler handler() {
                return handler;
            }
        };
    }
}
