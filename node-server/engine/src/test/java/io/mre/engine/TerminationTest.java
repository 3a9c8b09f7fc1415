package io.mre.engine;

import static io.mre.engine.fixtures.TestMesh.ALPHA_1;
import static io.mre.engine.fixtures.TestMesh.BETA_1;
import static io.mre.engine.fixtures.TestMesh.NOOP;
import static io.mre.engine.fixtures.TestMesh.actions;
import static io.mre.engine.fixtures.TestMesh.create;
import static io.mre.engine.fixtures.TestMesh.entries;
import static io.mre.engine.fixtures.TestMesh.peer;
import static io.mre.engine.fixtures.TestMesh.plan;
import static io.mre.engine.fixtures.TestMesh.step;
import static io.mre.engine.fixtures.TestMesh.submit;
import static io.mre.proto.v1.Action.ACTION_DELEGATE;
import static io.mre.proto.v1.Action.ACTION_EXECUTE;
import static io.mre.proto.v1.Action.ACTION_TERMINATE;
import static org.assertj.core.api.Assertions.assertThat;

import io.mre.engine.fixtures.FakeClock;
import io.mre.engine.fixtures.Policies;
import io.mre.engine.fixtures.RecordingHandler;
import io.mre.engine.fixtures.TestMesh;
import io.mre.engine.time.Timestamps;
import io.mre.proto.v1.Compensation;
import io.mre.proto.v1.Context;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.FailureMode;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.Step;
import io.mre.proto.v1.TerminalStatus;
import io.mre.proto.v1.Verdict;
import io.mre.spi.ActionKind;
import io.mre.spi.HandlerResult;
import io.mre.spi.Invocation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TERMINATE with every terminal status, and the end of a visit when its cycle budget is spent. */
class TerminationTest {
    private final FakeClock clock = new FakeClock();
    private final RecordingHandler noop = RecordingHandler.noop(NOOP);
    private final RecordingHandler fails = RecordingHandler.scripted("fails", HandlerResult.failure("DECLINED", "no"));
    private final RecordingHandler undo = RecordingHandler.noop("undo");
    private final Engine engine =
            TestMesh.engine(ALPHA_1, clock).handlers(noop, fails, undo).build();

    @Test
    void completed_whenEveryStepSucceeded_andAnotherVisitAppendsNothing() {
        Visit visit = submit(engine, create(plan("a", "b"), clock));

        Entry last = lastEntry(visit);
        assertThat(visit.exit()).isEqualTo(Visit.Exit.TERMINATED);
        assertThat(last.getTerminate().getStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
        assertThat(last.getDecision().getVerdict()).isEqualTo(Verdict.VERDICT_UNSPECIFIED);
        Visit again = submit(engine, visit.object().object(), VisitInput.cancel("too late"));
        assertThat(again.exit()).isEqualTo(Visit.Exit.TERMINATED);
        assertThat(again.appended()).isEmpty();
    }

    @Test
    void failed_compensatesCompletedStepsInReverseOrderBeforeTerminating() {
        Intent intent = plan(compensated("a"), step("b", NOOP), compensated("c"), step("d", "fails"));

        Visit visit = submit(engine, create(intent, clock));

        List<Entry> entries = entries(visit.object().object());
        assertThat(entries)
                .extracting(Entry::getAction)
                .containsExactly(
                        ACTION_EXECUTE,
                        ACTION_EXECUTE,
                        ACTION_EXECUTE,
                        ACTION_EXECUTE,
                        ACTION_EXECUTE,
                        ACTION_EXECUTE,
                        ACTION_TERMINATE);
        List<Entry> compensations =
                entries.stream().filter(e -> e.getExecute().getCompensation()).toList();
        assertThat(compensations).extracting(Entry::getStepId).containsExactly("c", "a");
        assertThat(compensations).extracting(e -> e.getExecute().getOperation()).containsOnly("undo");
        assertThat(undo.invocations())
                .extracting(Invocation::idempotencyKey)
                .allSatisfy(k -> assertThat(k).endsWith("/1/compensate"));
        assertThat(undo.invocations())
                .allSatisfy(i -> assertThat(i.compensation()).isTrue());
        Entry last = entries.get(6);
        assertThat(last.getTerminate().getStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_FAILED);
        assertThat(last.getTerminate().getReason()).contains("step 'd' failed: DECLINED");
        assertThat(last.getStepId()).isEqualTo("d");
        assertThat(visit.state().compensated()).containsExactlyInAnyOrder("a", "c");
    }

    @Test
    void failed_compensationThatFailsItsLastAttempt_isGivenUpAndSaidSo() {
        RecordingHandler undoFails = RecordingHandler.scripted("undo", HandlerResult.failure("STUCK", "cannot undo"));
        Engine stuck =
                TestMesh.engine(ALPHA_1, clock).handlers(noop, fails, undoFails).build();

        Visit visit = submit(stuck, create(plan(compensated("a"), step("d", "fails")), clock));

        assertThat(actions(visit.object().object()))
                .containsExactly(ACTION_EXECUTE, ACTION_EXECUTE, ACTION_EXECUTE, ACTION_TERMINATE);
        assertThat(lastEntry(visit).getTerminate().getStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_FAILED);
        assertThat(lastEntry(visit).getTerminate().getReason())
                .endsWith("0 completed step(s) compensated, 1 compensation(s) given up");
        assertThat(visit.state().compensated()).isEmpty();
    }

    @Test
    void failed_withoutCompensationWhenTheIntentSaysTerminate() {
        Intent intent = plan(compensated("a"), step("d", "fails")).toBuilder()
                .setOnFailure(FailureMode.FAILURE_MODE_TERMINATE)
                .build();

        Visit visit = submit(engine, create(intent, clock));

        assertThat(actions(visit.object().object())).containsExactly(ACTION_EXECUTE, ACTION_EXECUTE, ACTION_TERMINATE);
        assertThat(visit.state().terminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_FAILED);
        assertThat(undo.calls()).isZero();
    }

    @Test
    void failed_dormantForReview_waitsForTheReviewSignalWhichGrantsOneMoreAttempt() {
        RecordingHandler secondTime = RecordingHandler.scripted(
                "flaky", HandlerResult.failure("DECLINED", "no"), HandlerResult.success(java.util.Map.of()));
        Engine reviewing = TestMesh.engine(ALPHA_1, clock).handlers(secondTime).build();
        Intent intent = plan(step("s", "flaky")).toBuilder()
                .setOnFailure(FailureMode.FAILURE_MODE_DORMANT_FOR_REVIEW)
                .build();

        Visit failed = submit(reviewing, create(intent, clock));
        assertThat(failed.exit()).isEqualTo(Visit.Exit.DORMANT);
        assertThat(failed.state().pending())
                .singleElement()
                .satisfies(c -> assertThat(c.getSignal()).isEqualTo("review"));

        Visit reviewed = submit(
                reviewing,
                failed.object().object(),
                VisitInput.signal(TestMesh.signal("review", TestMesh.ALPHA, clock)));

        assertThat(reviewed.state().terminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
        assertThat(secondTime.invocations()).extracting(Invocation::attempt).containsExactly(1, 2);
    }

    @Test
    void rejected_byAPolicy_recordsTheDecisionAndItsReason() {
        Engine strict = TestMesh.engine(ALPHA_1, clock)
                .handlers(noop)
                .policies(
                        Policies.on("allow-all", ActionKind.MUTATE, io.mre.spi.Verdict.permit()),
                        Policies.on("no-noop", ActionKind.EXECUTE, io.mre.spi.Verdict.reject("noop is forbidden")))
                .build();

        Visit visit = submit(strict, create(plan("a"), clock));

        Entry last = lastEntry(visit);
        assertThat(last.getTerminate().getStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_REJECTED);
        assertThat(last.getTerminate().getReason()).isEqualTo("no-noop: noop is forbidden");
        assertThat(last.getDecision().getVerdict()).isEqualTo(Verdict.VERDICT_REJECT);
        assertThat(last.getDecision().getJudgementsList())
                .extracting(j -> j.getPolicy() + "=" + j.getVerdict())
                .containsExactly("allow-all=VERDICT_PERMIT", "no-noop=VERDICT_REJECT");
        assertThat(noop.calls()).isZero();
    }

    @Test
    void rejected_whenAPolicyThrows_failsClosedWithPolicyError() {
        Engine broken = TestMesh.engine(ALPHA_1, clock)
                .handlers(noop)
                .policies(Policies.throwing("flaky-policy"))
                .build();

        Visit visit = submit(broken, create(plan("a"), clock));

        Entry last = lastEntry(visit);
        assertThat(last.getTerminate().getStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_REJECTED);
        assertThat(last.getTerminate().getReason())
                .contains("policy error:")
                .contains("flaky-policy")
                .contains("boom");
        assertThat(noop.calls()).isZero();
    }

    @Test
    void cancelled_onRequest_evenWhileDormant() {
        Step awaits = step("a", NOOP).toBuilder()
                .setAwaitCondition(io.mre.proto.v1.ReentryCondition.newBuilder().setSignal("go"))
                .build();
        ExecutableObject dormant =
                submit(engine, create(plan(awaits), clock)).object().object();

        Visit visit = submit(engine, dormant, VisitInput.cancel("customer withdrew"));

        Entry last = lastEntry(visit);
        assertThat(visit.exit()).isEqualTo(Visit.Exit.TERMINATED);
        assertThat(last.getTerminate().getStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_CANCELLED);
        assertThat(last.getTerminate().getReason()).isEqualTo("cancelled: customer withdrew");
    }

    @Test
    void expired_whenTheDeadlinePassesWhileDormant() {
        Context context = Context.newBuilder()
                .setDeadline(Timestamps.toProto(clock.instant().plusSeconds(3600)))
                .build();
        Step awaits = step("a", NOOP).toBuilder()
                .setAwaitCondition(io.mre.proto.v1.ReentryCondition.newBuilder().setSignal("go"))
                .build();
        ExecutableObject dormant =
                submit(engine, create(plan(awaits), context, clock)).object().object();

        clock.advance(Duration.ofHours(1));
        Visit visit = submit(engine, dormant);

        assertThat(lastEntry(visit).getTerminate().getStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_EXPIRED);
        assertThat(lastEntry(visit).getTerminate().getReason()).contains("deadline");
        assertThat(noop.calls()).isZero();
    }

    @Test
    void expired_whenTheHopLimitIsReached() {
        Engine alpha = TestMesh.engine(ALPHA_1, clock)
                .handlers(RecordingHandler.noop("op.a"))
                .peers(peer(BETA_1, "op.b"))
                .build();
        Engine beta = TestMesh.engine(BETA_1, clock)
                .handlers(RecordingHandler.noop("op.b"))
                .peers(peer(ALPHA_1, "op.a"))
                .build();
        ExecutableObject object = create(
                plan(step("s1", "op.b"), step("s2", "op.a")),
                Context.newBuilder().setMaxHops(1).build(),
                clock);

        Visit atBeta = submit(beta, submit(alpha, object).object().object());

        assertThat(actions(atBeta.object().object()))
                .containsExactly(ACTION_DELEGATE, ACTION_EXECUTE, ACTION_TERMINATE);
        assertThat(lastEntry(atBeta).getTerminate().getStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_EXPIRED);
        assertThat(lastEntry(atBeta).getTerminate().getReason()).contains("hop limit of 1");
    }

    @Test
    void hopLimit_isAnUnsignedNumber_soAHugeLimitIsNotMistakenForTheDefault() {
        Engine alpha = TestMesh.engine(ALPHA_1, clock)
                .handlers(RecordingHandler.noop("op.a"))
                .peers(peer(BETA_1, "op.b"))
                .defaultMaxHops(1)
                .build();
        Engine beta = TestMesh.engine(BETA_1, clock)
                .handlers(RecordingHandler.noop("op.b"))
                .peers(peer(ALPHA_1, "op.a"))
                .defaultMaxHops(1)
                .build();
        // 2^31: negative as a Java int, which once read as "not set" and fell back to the default of 1.
        ExecutableObject object = create(
                plan(step("s1", "op.b"), step("s2", "op.a")),
                Context.newBuilder().setMaxHops(0x8000_0000).build(),
                clock);

        Visit atBeta = submit(beta, submit(alpha, object).object().object());

        assertThat(actions(atBeta.object().object())).containsExactly(ACTION_DELEGATE, ACTION_EXECUTE, ACTION_DELEGATE);
    }

    @Test
    void expired_whenTheObjectsCycleBudgetIsSpent() {
        ExecutableObject object = create(
                plan("a", "b", "c", "d"), Context.newBuilder().setCycleBudget(3).build(), clock);

        Visit visit = submit(engine, object);

        assertThat(actions(visit.object().object())).containsExactly(ACTION_EXECUTE, ACTION_EXECUTE, ACTION_TERMINATE);
        assertThat(lastEntry(visit).getTerminate().getStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_EXPIRED);
        assertThat(lastEntry(visit).getTerminate().getReason()).contains("cycle budget of 3");
    }

    @Test
    void budgetSpent_whenTheVisitsCycleBudgetRunsOut_andTheNextVisitContinues() {
        Engine brief = TestMesh.engine(ALPHA_1, clock)
                .handlers(noop)
                .maxCyclesPerVisit(2)
                .build();

        Visit first = submit(brief, create(plan("a", "b", "c"), clock));

        assertThat(first.exit()).isEqualTo(Visit.Exit.BUDGET_SPENT);
        assertThat(first.appended()).hasSize(2);
        assertThat(first.state().nextStepId()).contains("c");
        Visit second = submit(brief, first.object().object());
        assertThat(second.exit()).isEqualTo(Visit.Exit.TERMINATED);
        assertThat(second.state().terminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
    }

    private static Step compensated(String id) {
        return step(id, NOOP).toBuilder()
                .setCompensation(Compensation.newBuilder().setOperation("undo"))
                .build();
    }

    private static Entry lastEntry(Visit visit) {
        List<Entry> entries = entries(visit.object().object());
        return entries.get(entries.size() - 1);
    }
}
