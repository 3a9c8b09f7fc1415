package io.mre.engine.verify;

import static io.mre.engine.fixtures.TestMesh.ALPHA;
import static io.mre.engine.fixtures.TestMesh.ALPHA_1;
import static io.mre.engine.fixtures.TestMesh.ALPHA_2;
import static io.mre.engine.fixtures.TestMesh.BETA;
import static io.mre.engine.fixtures.TestMesh.BETA_1;
import static io.mre.engine.fixtures.Violations.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.mre.crypto.SigningKey;
import io.mre.engine.Engine;
import io.mre.engine.MreException;
import io.mre.engine.fixtures.FakeClock;
import io.mre.engine.fixtures.HistoryWriter;
import io.mre.engine.fixtures.TestMesh;
import io.mre.engine.time.Timestamps;
import io.mre.errors.ErrorCode;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.Context;
import io.mre.proto.v1.DelegateDetail;
import io.mre.proto.v1.DormantCause;
import io.mre.proto.v1.DormantDetail;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.ExecuteDetail;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.IntentPatch;
import io.mre.proto.v1.MutateDetail;
import io.mre.proto.v1.NodeRef;
import io.mre.proto.v1.Outcome;
import io.mre.proto.v1.ReenterDetail;
import io.mre.proto.v1.ReentryCondition;
import io.mre.proto.v1.RetryPolicy;
import io.mre.proto.v1.Routing;
import io.mre.proto.v1.SignalRecord;
import io.mre.proto.v1.Step;
import io.mre.proto.v1.StepError;
import io.mre.proto.v1.StepInsertion;
import io.mre.proto.v1.TerminalStatus;
import io.mre.proto.v1.TerminateDetail;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The replay rules (format 2): each forged history is written with real, trusted node keys and correct chain,
 * digests and signatures, so that the one rule of meaning it breaks is the only thing wrong with it; its lawful
 * twin (the least change that makes it lawful) verifies. The first three are the forgeries of issue 11.
 */
class VerifierReplayTest {
    private final FakeClock clock = new FakeClock();
    private final Engine verifier = TestMesh.engine(ALPHA_2, clock).build();

    /** A claim: register at any node, fraud check at the bureau (beta), pay. */
    private static final Intent CLAIM = Intent.newBuilder()
            .setName("claim")
            .setVersion("1")
            .setInput(Struct.newBuilder()
                    .putFields(
                            "amount", Value.newBuilder().setNumberValue(12_000).build()))
            .addSteps(Step.newBuilder().setId("register").setOperation("claim.register"))
            .addSteps(Step.newBuilder()
                    .setId("fraud")
                    .setOperation("fraud.check")
                    .setRouting(Routing.newBuilder().setTrustDomain(BETA)))
            .addSteps(Step.newBuilder().setId("pay").setOperation("payment.pay"))
            .build();

    private static final Context OWNED_BY_ALPHA =
            Context.newBuilder().setTenant("t").setOwnerDomain(ALPHA).build();

    // --- the forgeries of issue 11 ------------------------------------------------------------------------------

    @Test
    void executeOfAStepRoutedToAnotherDomain_executeOutOfRoute() {
        ExecutableObject forged = writer(CLAIM)
                .append(ALPHA_1, execute("register", 1))
                .append(ALPHA_1, execute("fraud", 1))
                .object();
        ExecutableObject lawful = writer(CLAIM)
                .append(ALPHA_1, execute("register", 1))
                .append(BETA_1, execute("fraud", 1))
                .object();

        assertRefused(verifier, forged, IntegrityRule.EXECUTE_OUT_OF_ROUTE, 1);
        assertVerifies(lawful);
    }

    @Test
    void executeByADomainOutsideTheAllowedDomains_executeOutOfRoute() {
        Context onlyBeta = OWNED_BY_ALPHA.toBuilder().addAllowedDomains(BETA).build();
        ExecutableObject forged = writer(TestMesh.plan("a"), onlyBeta)
                .append(ALPHA_1, execute("a", 1))
                .object();
        ExecutableObject lawful = writer(TestMesh.plan("a"), onlyBeta)
                .append(BETA_1, execute("a", 1))
                .object();

        assertRefused(verifier, forged, IntegrityRule.EXECUTE_OUT_OF_ROUTE, 0);
        assertVerifies(lawful);
    }

    @Test
    void mutateWithAnEmptyPatchWhileTheIntentChanged_mutateNotDerivable() {
        Intent tenfold = CLAIM.toBuilder()
                .setInput(Struct.newBuilder()
                        .putFields(
                                "amount",
                                Value.newBuilder().setNumberValue(120_000).build()))
                .build();
        ExecutableObject forged = writer(CLAIM)
                .withGenesis(CLAIM, OWNED_BY_ALPHA)
                .append(ALPHA_1, execute("register", 1))
                .append(ALPHA_1, mutate(IntentPatch.getDefaultInstance(), tenfold))
                .carry(tenfold)
                .object();
        Intent replanned = CLAIM.toBuilder()
                .setSteps(
                        2,
                        CLAIM.getSteps(2).toBuilder()
                                .setParams(Struct.newBuilder()
                                        .putFields(
                                                "amount",
                                                Value.newBuilder()
                                                        .setNumberValue(1)
                                                        .build())))
                .build();
        ExecutableObject lawful = writer(CLAIM)
                .withGenesis(CLAIM, OWNED_BY_ALPHA)
                .append(ALPHA_1, execute("register", 1))
                .append(
                        ALPHA_1,
                        mutate(
                                IntentPatch.newBuilder()
                                        .addReplaceSteps(replanned.getSteps(2))
                                        .build(),
                                replanned))
                .carry(replanned)
                .object();

        MreException e = assertRefused(verifier, forged, IntegrityRule.MUTATE_NOT_DERIVABLE, 1);
        assertThat(e.getMessage()).contains("yields intent digest");
        assertVerifies(lawful);
    }

    @Test
    void executeOfPayBeforeRegisterAndFraud_executeOutOfOrder() {
        ExecutableObject forged =
                writer(CLAIM).append(ALPHA_1, execute("pay", 1)).object();
        ExecutableObject lawful =
                writer(CLAIM).append(ALPHA_1, execute("register", 1)).object();

        MreException e = assertRefused(verifier, forged, IntegrityRule.EXECUTE_OUT_OF_ORDER, 0);
        assertThat(e.getMessage()).contains("'pay' is not the next step ('register')");
        assertVerifies(lawful);
    }

    // --- MUTATE -------------------------------------------------------------------------------------------------

    @Test
    void mutateByANodeOfAnotherDomain_mutateNotAllowed() {
        Intent audited = insertAudit(CLAIM);
        ExecutableObject forged = writer(CLAIM)
                .withGenesis(CLAIM, OWNED_BY_ALPHA)
                .append(BETA_1, mutate(AUDIT, audited))
                .carry(audited)
                .object();
        Intent replannable = CLAIM.toBuilder().addReplanDomains(BETA).build();
        ExecutableObject lawful = writer(replannable)
                .withGenesis(replannable, OWNED_BY_ALPHA)
                .append(BETA_1, mutate(AUDIT, insertAudit(replannable)))
                .carry(insertAudit(replannable))
                .object();
        ExecutableObject byOwner = writer(CLAIM)
                .withGenesis(CLAIM, OWNED_BY_ALPHA)
                .append(ALPHA_1, mutate(AUDIT, audited))
                .carry(audited)
                .object();

        assertRefused(verifier, forged, IntegrityRule.MUTATE_NOT_ALLOWED, 0);
        assertVerifies(lawful);
        assertVerifies(byOwner);
    }

    @Test
    void mutatedObjectWithoutItsGenesis_genesisMissing() {
        Intent audited = insertAudit(CLAIM);
        ExecutableObject forged = writer(CLAIM)
                .append(ALPHA_1, execute("register", 1))
                .append(ALPHA_1, mutate(AUDIT, audited))
                .carry(audited)
                .object();

        assertRefused(verifier, forged, IntegrityRule.GENESIS_MISSING, 1);
        assertVerifies(forged.toBuilder()
                .setGenesis(
                        io.mre.proto.v1.Genesis.newBuilder().setIntent(CLAIM).setContext(OWNED_BY_ALPHA))
                .build());
    }

    @Test
    void genesisThatIsNotTheCreatedIntent_genesisMismatchAtTheHeader() {
        Intent other = insertAudit(CLAIM);
        ExecutableObject forged = writer(CLAIM)
                .withGenesis(other, OWNED_BY_ALPHA)
                .append(ALPHA_1, execute("register", 1))
                .object();

        assertThatThrownBy(() -> verifier.verify(forged)).isInstanceOfSatisfying(MreException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INTEGRITY_VIOLATION);
            assertThat(e.metadata())
                    .containsEntry("rule", IntegrityRule.GENESIS_MISMATCH.name())
                    .doesNotContainKey("seq");
            assertThat(e.getMessage()).contains("at header");
        });
        assertVerifies(writer(CLAIM)
                .withGenesis(CLAIM, OWNED_BY_ALPHA)
                .append(ALPHA_1, execute("register", 1))
                .object());
    }

    // --- EXECUTE ------------------------------------------------------------------------------------------------

    @Test
    void executeWhileDormant_notActive() {
        java.time.Instant now = clock.instant();
        ExecutableObject forged = writer(TestMesh.plan("a"))
                .append(ALPHA_1, deferUntil("a", now))
                .append(ALPHA_1, execute("a", 1))
                .object();
        ExecutableObject lawful = writer(TestMesh.plan("a"))
                .append(ALPHA_1, deferUntil("a", now))
                .append(ALPHA_1, reenterAt("a", now))
                .append(ALPHA_1, execute("a", 1))
                .object();

        assertRefused(verifier, forged, IntegrityRule.NOT_ACTIVE, 1);
        assertVerifies(lawful);
    }

    @Test
    void attemptTwoAsTheFirstAttempt_attemptOutOfSequence() {
        Intent retried = TestMesh.plan(TestMesh.step("a", "op").toBuilder()
                .setRetry(RetryPolicy.newBuilder().setMaxAttempts(2))
                .build());
        ExecutableObject forged =
                writer(retried).append(ALPHA_1, execute("a", 2)).object();

        assertRefused(verifier, forged, IntegrityRule.ATTEMPT_OUT_OF_SEQUENCE, 0);
        assertVerifies(writer(retried)
                .append(ALPHA_1, fail("a", 1))
                .append(ALPHA_1, execute("a", 2))
                .object());
    }

    @Test
    void attemptBeyondTheRetryPolicy_retryLimitExceeded() {
        Intent twoAttempts = TestMesh.plan(TestMesh.step("a", "op").toBuilder()
                .setRetry(RetryPolicy.newBuilder().setMaxAttempts(2))
                .build());
        Intent threeAttempts = TestMesh.plan(TestMesh.step("a", "op").toBuilder()
                .setRetry(RetryPolicy.newBuilder().setMaxAttempts(3))
                .build());
        ExecutableObject forged = writer(twoAttempts)
                .append(ALPHA_1, fail("a", 1))
                .append(ALPHA_1, fail("a", 2))
                .append(ALPHA_1, execute("a", 3))
                .object();
        ExecutableObject lawful = writer(threeAttempts)
                .append(ALPHA_1, fail("a", 1))
                .append(ALPHA_1, fail("a", 2))
                .append(ALPHA_1, execute("a", 3))
                .object();

        assertRefused(verifier, forged, IntegrityRule.RETRY_LIMIT_EXCEEDED, 2);
        assertVerifies(lawful);
    }

    @Test
    void firstAttemptOfAnAwaitingStepWithoutReentry_awaitNotSatisfied() {
        ReentryCondition approved =
                ReentryCondition.newBuilder().setSignal("approved").build();
        Intent awaiting = TestMesh.plan(
                TestMesh.step("a", "op").toBuilder().setAwaitCondition(approved).build());
        ExecutableObject forged =
                writer(awaiting).append(ALPHA_1, execute("a", 1)).object();
        SignalRecord signal = TestMesh.signal("approved", BETA, clock);
        ExecutableObject lawful = writer(awaiting)
                .append(ALPHA_1, dormant("a", DormantCause.DORMANT_CAUSE_AWAIT, approved))
                .append(ALPHA_1, reenterOnSignal("a", approved, signal, true))
                .append(ALPHA_1, execute("a", 1))
                .object();

        assertRefused(verifier, forged, IntegrityRule.AWAIT_NOT_SATISFIED, 0);
        assertVerifies(lawful);
    }

    @Test
    void compensationOfAStepNotCompensatedNow_executeOutOfOrder() {
        Intent undoable = TestMesh.plan(
                TestMesh.step("a", "op").toBuilder()
                        .setCompensation(
                                io.mre.proto.v1.Compensation.newBuilder().setOperation("undo"))
                        .build(),
                TestMesh.step("b", "op"));
        ExecutableObject forged = writer(undoable)
                .append(ALPHA_1, execute("a", 1))
                .append(ALPHA_1, compensate("a", 1))
                .object();
        ExecutableObject lawful = writer(undoable)
                .append(ALPHA_1, execute("a", 1))
                .append(ALPHA_1, fail("b", 1))
                .append(ALPHA_1, compensate("a", 1))
                .object();

        assertRefused(verifier, forged, IntegrityRule.EXECUTE_OUT_OF_ORDER, 1);
        assertVerifies(lawful);
    }

    // --- DORMANT and REENTER ------------------------------------------------------------------------------------

    @Test
    void awaitDormancyOnAnotherConditionThanTheStepsAwait_dormantUnlawful() {
        ReentryCondition approved =
                ReentryCondition.newBuilder().setSignal("approved").build();
        Intent awaiting = TestMesh.plan(
                TestMesh.step("a", "op").toBuilder().setAwaitCondition(approved).build());
        ReentryCondition now = ReentryCondition.newBuilder()
                .setAt(Timestamps.toProto(clock.instant()))
                .build();
        ExecutableObject forged = writer(awaiting)
                .append(ALPHA_1, dormant("a", DormantCause.DORMANT_CAUSE_AWAIT, now))
                .append(ALPHA_1, reenter("a", now))
                .append(ALPHA_1, execute("a", 1))
                .object();

        assertRefused(verifier, forged, IntegrityRule.DORMANT_UNLAWFUL, 0);
        assertVerifies(writer(awaiting)
                .append(ALPHA_1, dormant("a", DormantCause.DORMANT_CAUSE_AWAIT, approved))
                .object());
    }

    @Test
    void reviewDormancyWithoutAFailedStep_dormantUnlawful() {
        Intent review = TestMesh.plan("a").toBuilder()
                .setOnFailure(io.mre.proto.v1.FailureMode.FAILURE_MODE_DORMANT_FOR_REVIEW)
                .build();
        ReentryCondition reviewSignal =
                ReentryCondition.newBuilder().setSignal("review").build();
        ExecutableObject forged = writer(review)
                .append(ALPHA_1, dormant("a", DormantCause.DORMANT_CAUSE_REVIEW, reviewSignal))
                .object();
        ExecutableObject lawful = writer(review)
                .append(ALPHA_1, failFatally("a", 1))
                .append(ALPHA_1, dormant("a", DormantCause.DORMANT_CAUSE_REVIEW, reviewSignal))
                .object();

        assertRefused(verifier, forged, IntegrityRule.DORMANT_UNLAWFUL, 0);
        assertVerifies(lawful);
    }

    @Test
    void reenterOfAnActiveObject_reenterWithoutDormant() {
        ReentryCondition now = ReentryCondition.newBuilder()
                .setAt(Timestamps.toProto(clock.instant()))
                .build();
        ExecutableObject forged =
                writer(TestMesh.plan("a")).append(ALPHA_1, reenter("a", now)).object();

        assertRefused(verifier, forged, IntegrityRule.REENTER_WITHOUT_DORMANT, 0);
        assertVerifies(writer(TestMesh.plan("a"))
                .append(ALPHA_1, dormant("a", DormantCause.DORMANT_CAUSE_DEFER, now))
                .append(ALPHA_1, reenter("a", now))
                .object());
    }

    @Test
    void reenterBeforeTheConditionsTime_reenterConditionUnmet() {
        java.time.Instant inAnHour = clock.instant().plus(Duration.ofHours(1));
        ExecutableObject forged = writer(TestMesh.plan("a"))
                .append(ALPHA_1, deferUntil("a", inAnHour))
                .append(ALPHA_1, reenterAt("a", inAnHour))
                .object();
        ExecutableObject lawful = writer(TestMesh.plan("a"))
                .append(ALPHA_1, deferUntil("a", inAnHour))
                .wait(Duration.ofHours(1))
                .append(ALPHA_1, reenterAt("a", inAnHour))
                .object();

        MreException e = assertRefused(verifier, forged, IntegrityRule.REENTER_CONDITION_UNMET, 1);
        assertThat(e.getMessage()).contains("before the condition's time");
        assertVerifies(lawful);
    }

    @Test
    void reenterOnASignalFromADomainTheConditionDoesNotAllow_reenterConditionUnmet() {
        ReentryCondition fromBeta = ReentryCondition.newBuilder()
                .setSignal("go")
                .addSignalFromDomains(BETA)
                .build();
        ExecutableObject forged = signalled(fromBeta, TestMesh.signal("go", ALPHA, clock));
        ExecutableObject lawful = signalled(fromBeta, TestMesh.signal("go", BETA, clock));

        MreException e = assertRefused(verifier, forged, IntegrityRule.REENTER_CONDITION_UNMET, 1);
        assertThat(e.getMessage()).contains("does not satisfy the condition");
        assertVerifies(lawful);
    }

    @Test
    void reenterOnASignalNobodyRecorded_reenterConditionUnmet() {
        ReentryCondition go = ReentryCondition.newBuilder().setSignal("go").build();
        SignalRecord invented = TestMesh.signal("go", BETA, clock);
        ExecutableObject forged = writer(TestMesh.plan("a"))
                .append(ALPHA_1, dormant("a", DormantCause.DORMANT_CAUSE_DEFER, go))
                .append(ALPHA_1, reenterOnSignal("a", go, invented, false))
                .object();

        MreException e = assertRefused(verifier, forged, IntegrityRule.REENTER_CONDITION_UNMET, 1);
        assertThat(e.getMessage()).contains("not recorded");
        assertVerifies(signalled(go, invented));
    }

    // --- DELEGATE -----------------------------------------------------------------------------------------------

    @Test
    void delegateOutsideTheAllowedDomains_delegateNotAllowed() {
        Context onlyAlpha = OWNED_BY_ALPHA.toBuilder().addAllowedDomains(ALPHA).build();
        Context both = OWNED_BY_ALPHA.toBuilder()
                .addAllowedDomains(ALPHA)
                .addAllowedDomains(BETA)
                .build();
        ExecutableObject forged = writer(TestMesh.plan("a"), onlyAlpha)
                .append(ALPHA_1, delegate("a", BETA_1))
                .object();

        assertRefused(verifier, forged, IntegrityRule.DELEGATE_NOT_ALLOWED, 0);
        assertVerifies(writer(TestMesh.plan("a"), both)
                .append(ALPHA_1, delegate("a", BETA_1))
                .object());
    }

    @Test
    void entryAfterADelegateByNeitherTargetNorDelegator_custodyNotContinued() {
        ExecutableObject forged = writer(TestMesh.plan("a"))
                .append(ALPHA_1, delegate("a", BETA_1))
                .append(ALPHA_2, execute("a", 1))
                .object();
        ExecutableObject byTarget = writer(TestMesh.plan("a"))
                .append(ALPHA_1, delegate("a", BETA_1))
                .append(BETA_1, execute("a", 1))
                .object();
        ExecutableObject transferFailed = writer(TestMesh.plan("a"))
                .append(ALPHA_1, delegate("a", BETA_1))
                .append(ALPHA_1, execute("a", 1))
                .object();

        assertRefused(verifier, forged, IntegrityRule.CUSTODY_NOT_CONTINUED, 1);
        assertThat(verifier.verify(byTarget).fold().state(byTarget.getIntent()).hops())
                .isEqualTo(1);
        assertThat(verifier.verify(transferFailed)
                        .fold()
                        .state(transferFailed.getIntent())
                        .hops())
                .isZero();
    }

    // --- TERMINATE ----------------------------------------------------------------------------------------------

    @Test
    void completedWithAStepLeft_terminateStatusUnlawful() {
        ExecutableObject forged = writer(TestMesh.plan("a", "b"))
                .append(ALPHA_1, execute("a", 1))
                .append(ALPHA_1, terminate(TerminalStatus.TERMINAL_STATUS_COMPLETED))
                .object();

        MreException e = assertRefused(verifier, forged, IntegrityRule.TERMINATE_STATUS_UNLAWFUL, 1);
        assertThat(e.getMessage()).contains("step 'b' has not succeeded");
        assertVerifies(writer(TestMesh.plan("a", "b"))
                .append(ALPHA_1, execute("a", 1))
                .append(ALPHA_1, execute("b", 1))
                .append(ALPHA_1, terminate(TerminalStatus.TERMINAL_STATUS_COMPLETED))
                .object());
        assertVerifies(writer(TestMesh.plan("a", "b"))
                .append(ALPHA_1, execute("a", 1))
                .append(ALPHA_1, terminate(TerminalStatus.TERMINAL_STATUS_CANCELLED))
                .object());
    }

    @Test
    void failedWithoutAFailedStep_terminateStatusUnlawful() {
        Intent retried = TestMesh.plan(TestMesh.step("a", "op").toBuilder()
                .setRetry(RetryPolicy.newBuilder().setMaxAttempts(2))
                .build());
        ExecutableObject early = writer(retried)
                .append(ALPHA_1, fail("a", 1))
                .append(ALPHA_1, terminate(TerminalStatus.TERMINAL_STATUS_FAILED))
                .object();

        assertRefused(verifier, early, IntegrityRule.TERMINATE_STATUS_UNLAWFUL, 1);
        assertVerifies(writer(TestMesh.plan("a"))
                .append(ALPHA_1, fail("a", 1))
                .append(ALPHA_1, terminate(TerminalStatus.TERMINAL_STATUS_FAILED))
                .object());
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static final IntentPatch AUDIT = IntentPatch.newBuilder()
            .addInsertSteps(StepInsertion.newBuilder()
                    .setAfterStepId("register")
                    .setStep(Step.newBuilder().setId("audit").setOperation("audit.run")))
            .build();

    private static Intent insertAudit(Intent intent) {
        return intent.toBuilder().addSteps(1, AUDIT.getInsertSteps(0).getStep()).build();
    }

    private HistoryWriter writer(Intent intent) {
        return writer(intent, OWNED_BY_ALPHA);
    }

    private HistoryWriter writer(Intent intent, Context context) {
        return HistoryWriter.of(TestMesh.create(intent, context, clock));
    }

    private void assertVerifies(ExecutableObject object) {
        VerifiedObject verified = verifier.verify(object);
        assertThat(verified.entries()).hasSize(object.getMemory().getEntriesCount());
    }

    private ExecutableObject signalled(ReentryCondition condition, SignalRecord signal) {
        return writer(TestMesh.plan("a"))
                .append(ALPHA_1, dormant("a", DormantCause.DORMANT_CAUSE_DEFER, condition))
                .append(ALPHA_1, reenterOnSignal("a", condition, signal, true))
                .object();
    }

    /** A REENTER woken by {@code signal}, which this entry records as an input when {@code recorded}. */
    private static Consumer<Entry.Builder> reenterOnSignal(
            String step, ReentryCondition condition, SignalRecord signal, boolean recorded) {
        return e -> {
            e.setAction(Action.ACTION_REENTER)
                    .setStepId(step)
                    .setReenter(
                            ReenterDetail.newBuilder().setSatisfied(condition).setSignal(signal));
            if (recorded) {
                e.addSignals(signal);
            }
        };
    }

    private static Consumer<Entry.Builder> execute(String step, int attempt) {
        return e -> e.setAction(Action.ACTION_EXECUTE)
                .setStepId(step)
                .setAttempt(attempt)
                .setOutcome(Outcome.newBuilder().setOutput(Struct.getDefaultInstance()))
                .setExecute(ExecuteDetail.newBuilder().setOperation("op"));
    }

    private static Consumer<Entry.Builder> compensate(String step, int attempt) {
        return execute(step, attempt)
                .andThen(e -> e.setExecute(e.getExecute().toBuilder().setCompensation(true)));
    }

    private static Consumer<Entry.Builder> fail(String step, int attempt) {
        return execute(step, attempt)
                .andThen(e -> e.setOutcome(Outcome.newBuilder()
                        .setError(StepError.newBuilder().setCode("BUSY").setRetryable(true))));
    }

    private static Consumer<Entry.Builder> failFatally(String step, int attempt) {
        return execute(step, attempt)
                .andThen(e -> e.setOutcome(Outcome.newBuilder()
                        .setError(StepError.newBuilder().setCode("DECLINED").setRetryable(false))));
    }

    private static Consumer<Entry.Builder> mutate(IntentPatch patch, Intent after) {
        return e -> e.setAction(Action.ACTION_MUTATE)
                .setMutate(MutateDetail.newBuilder().setIntentPatch(patch).setReason("re-plan"))
                .setIntentDigest(HistoryWriter.digest(after));
    }

    private static Consumer<Entry.Builder> dormant(String step, DormantCause cause, ReentryCondition... conditions) {
        return e -> e.setAction(Action.ACTION_DORMANT)
                .setStepId(step)
                .setDormant(DormantDetail.newBuilder().setCause(cause).addAllConditions(List.of(conditions)));
    }

    private static Consumer<Entry.Builder> deferUntil(String step, java.time.Instant at) {
        return dormant(
                step,
                DormantCause.DORMANT_CAUSE_DEFER,
                ReentryCondition.newBuilder().setAt(Timestamps.toProto(at)).build());
    }

    private static Consumer<Entry.Builder> reenter(String step, ReentryCondition satisfied) {
        return e -> e.setAction(Action.ACTION_REENTER)
                .setStepId(step)
                .setReenter(ReenterDetail.newBuilder().setSatisfied(satisfied));
    }

    private static Consumer<Entry.Builder> reenterAt(String step, java.time.Instant at) {
        return reenter(
                step,
                ReentryCondition.newBuilder().setAt(Timestamps.toProto(at)).build());
    }

    private static Consumer<Entry.Builder> delegate(String step, SigningKey target) {
        return e -> e.setAction(Action.ACTION_DELEGATE)
                .setStepId(step)
                .setDelegate(DelegateDetail.newBuilder()
                        .setTarget(
                                NodeRef.newBuilder().setNodeId(target.nodeId()).setTrustDomain(target.trustDomain())));
    }

    private static Consumer<Entry.Builder> terminate(TerminalStatus status) {
        return e -> e.setAction(Action.ACTION_TERMINATE)
                .setTerminate(TerminateDetail.newBuilder().setStatus(status));
    }
}
