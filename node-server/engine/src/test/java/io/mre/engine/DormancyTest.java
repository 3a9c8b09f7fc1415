package io.mre.engine;

import static io.mre.engine.fixtures.TestMesh.ALPHA;
import static io.mre.engine.fixtures.TestMesh.ALPHA_1;
import static io.mre.engine.fixtures.TestMesh.BETA;
import static io.mre.engine.fixtures.TestMesh.NOOP;
import static io.mre.engine.fixtures.TestMesh.actions;
import static io.mre.engine.fixtures.TestMesh.create;
import static io.mre.engine.fixtures.TestMesh.entries;
import static io.mre.engine.fixtures.TestMesh.plan;
import static io.mre.engine.fixtures.TestMesh.signal;
import static io.mre.engine.fixtures.TestMesh.step;
import static io.mre.engine.fixtures.TestMesh.submit;
import static io.mre.proto.v1.Action.ACTION_DORMANT;
import static io.mre.proto.v1.Action.ACTION_EXECUTE;
import static io.mre.proto.v1.Action.ACTION_REENTER;
import static io.mre.proto.v1.Action.ACTION_TERMINATE;
import static org.assertj.core.api.Assertions.assertThat;

import io.mre.engine.fixtures.FakeClock;
import io.mre.engine.fixtures.Policies;
import io.mre.engine.fixtures.RecordingHandler;
import io.mre.engine.fixtures.TestMesh;
import io.mre.engine.time.Timestamps;
import io.mre.proto.v1.DormantCause;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.ReentryCondition;
import io.mre.proto.v1.SignalRecord;
import io.mre.proto.v1.Step;
import io.mre.proto.v1.TerminalStatus;
import io.mre.spi.Lifecycle;
import io.mre.spi.Reentry;
import io.mre.spi.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DORMANT and REENTER: by time on a fake clock, by signal, and what happens to signals that wake nothing. */
class DormancyTest {
    private final FakeClock clock = new FakeClock();
    private final RecordingHandler noop = RecordingHandler.noop(NOOP);
    private final Engine engine = TestMesh.engine(ALPHA_1, clock).handlers(noop).build();

    @Test
    void dormant_awaitingADelay_sleepsUntilTheClockReachesItThenReentersAndCompletes() {
        Instant start = clock.instant();
        Step wait = step("wait", NOOP).toBuilder()
                .setAwaitCondition(ReentryCondition.newBuilder().setAfter(Timestamps.toProto(Duration.ofHours(1))))
                .build();

        Visit first = submit(engine, create(plan(wait, step("next", NOOP)), clock));

        assertThat(first.exit()).isEqualTo(Visit.Exit.DORMANT);
        Entry dormant = entries(first.object().object()).get(0);
        assertThat(dormant.getAction()).isEqualTo(ACTION_DORMANT);
        assertThat(dormant.getDormant().getCause()).isEqualTo(DormantCause.DORMANT_CAUSE_AWAIT);
        assertThat(dormant.getDormant().getConditions(0).hasAt())
                .as("after is recorded as at")
                .isTrue();
        assertThat(Timestamps.toInstant(dormant.getDormant().getConditions(0).getAt()))
                .isEqualTo(start.plus(Duration.ofHours(1)));

        clock.advance(Duration.ofMinutes(59));
        Visit early = submit(engine, first.object().object());
        assertThat(early.exit()).isEqualTo(Visit.Exit.DORMANT);
        assertThat(early.appended()).isEmpty();

        clock.advance(Duration.ofMinutes(1));
        Visit woken = submit(engine, early.object().object());
        assertThat(actions(woken.object().object()))
                .containsExactly(ACTION_DORMANT, ACTION_REENTER, ACTION_EXECUTE, ACTION_EXECUTE, ACTION_TERMINATE);
        assertThat(woken.state().terminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
        assertThat(noop.invocations()).extracting(i -> i.stepId()).containsExactly("wait", "next");
    }

    @Test
    void reenter_bySignalFromAnAllowedDomain_recordsTheSignalAndContinues() {
        ExecutableObject dormant = submit(engine, create(plan(awaitSignal("approve", "approved", BETA)), clock))
                .object()
                .object();
        SignalRecord approved = signal("approved", BETA, clock);

        Visit visit = submit(engine, dormant, VisitInput.signal(approved));

        Entry reenter = entries(visit.object().object()).get(1);
        assertThat(reenter.getAction()).isEqualTo(ACTION_REENTER);
        assertThat(reenter.getReenter().getSignal()).isEqualTo(approved);
        assertThat(reenter.getReenter().getSatisfied().getSignal()).isEqualTo("approved");
        assertThat(reenter.getSignalsList()).containsExactly(approved);
        assertThat(visit.state().terminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
        assertThat(visit.state().unconsumedSignals()).isEmpty();
    }

    @Test
    void signal_thatWakesNothing_isRecordedInADormantEntryNotDropped() {
        ExecutableObject dormant = submit(engine, create(plan(awaitSignal("approve", "approved", BETA)), clock))
                .object()
                .object();
        SignalRecord wrongName = signal("rejected", BETA, clock);
        SignalRecord wrongDomain = signal("approved", ALPHA, clock);

        Visit first = submit(engine, dormant, VisitInput.signal(wrongName));
        Visit second = submit(engine, first.object().object(), VisitInput.signal(wrongDomain));

        assertThat(second.exit()).isEqualTo(Visit.Exit.DORMANT);
        assertThat(actions(second.object().object())).containsExactly(ACTION_DORMANT, ACTION_DORMANT, ACTION_DORMANT);
        Entry recorded = entries(second.object().object()).get(1);
        assertThat(recorded.getSignalsList()).containsExactly(wrongName);
        assertThat(recorded.getDormant().getConditionsList())
                .isEqualTo(entries(dormant).get(0).getDormant().getConditionsList());
        assertThat(second.state().signals()).containsExactly(wrongName, wrongDomain);
        assertThat(second.state().unconsumedSignals()).containsExactly(wrongName, wrongDomain);
        assertThat(noop.calls()).isZero();
    }

    @Test
    void reenter_consumesTheSignalThatWokeIt_notAnEarlierOneOfTheSameNameFromAnotherDomain() {
        ExecutableObject dormant = submit(
                        engine,
                        create(
                                plan(awaitSignal("first", "approved", BETA), awaitSignal("second", "approved", BETA)),
                                clock))
                .object()
                .object();
        SignalRecord fromAlpha = signal("approved", ALPHA, clock);
        SignalRecord fromBeta = signal("approved", BETA, clock);
        ExecutableObject withIgnored =
                submit(engine, dormant, VisitInput.signal(fromAlpha)).object().object();

        Visit visit = submit(engine, withIgnored, VisitInput.signal(fromBeta));

        // beta's signal satisfied the first await; it must not satisfy the second one as well.
        assertThat(visit.state().unconsumedSignals()).containsExactly(fromAlpha);
        assertThat(visit.exit()).isEqualTo(Visit.Exit.DORMANT);
        assertThat(visit.state().dormantStep()).isEqualTo("second");
        assertThat(noop.invocations()).extracting(i -> i.stepId()).containsExactly("first");
    }

    @Test
    void reenter_bySignalThatArrivedBeforeTheAwait_wakesWithoutAnotherVisit() {
        ExecutableObject object = create(plan(step("prepare", NOOP), awaitSignal("approve", "approved", "")), clock);
        SignalRecord early = signal("approved", BETA, clock);

        Visit visit = submit(engine, object, VisitInput.signal(early));

        assertThat(actions(visit.object().object()))
                .containsExactly(ACTION_EXECUTE, ACTION_DORMANT, ACTION_REENTER, ACTION_EXECUTE, ACTION_TERMINATE);
        assertThat(visit.state().terminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
    }

    @Test
    void retry_withBackoff_sleepsBetweenAttemptsGrowingByTheMultiplier() {
        RecordingHandler flaky = RecordingHandler.scripted(
                "flaky",
                io.mre.spi.HandlerResult.retryableFailure("BUSY", "busy"),
                io.mre.spi.HandlerResult.retryableFailure("BUSY", "still busy"),
                io.mre.spi.HandlerResult.success(java.util.Map.of()));
        Engine retrying = TestMesh.engine(ALPHA_1, clock).handlers(flaky).build();
        Step step = step("s", "flaky").toBuilder()
                .setRetry(io.mre.proto.v1.RetryPolicy.newBuilder()
                        .setMaxAttempts(3)
                        .setInitialBackoff(Timestamps.toProto(Duration.ofSeconds(10)))
                        .setBackoffMultiplier(2))
                .build();

        Visit first = submit(retrying, create(plan(step), clock));
        assertThat(first.state().dormantCause()).isEqualTo(DormantCause.DORMANT_CAUSE_RETRY_BACKOFF);
        assertThat(pendingAt(first)).isEqualTo(clock.instant().plusSeconds(10));

        clock.advance(Duration.ofSeconds(10));
        Visit second = submit(retrying, first.object().object());
        assertThat(pendingAt(second)).isEqualTo(clock.instant().plusSeconds(20));

        clock.advance(Duration.ofSeconds(19));
        assertThat(submit(retrying, second.object().object()).appended()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        Visit third = submit(retrying, second.object().object());

        assertThat(actions(third.object().object()))
                .containsExactly(
                        ACTION_EXECUTE,
                        ACTION_DORMANT,
                        ACTION_REENTER,
                        ACTION_EXECUTE,
                        ACTION_DORMANT,
                        ACTION_REENTER,
                        ACTION_EXECUTE,
                        ACTION_TERMINATE);
        assertThat(flaky.invocations())
                .extracting(i -> i.idempotencyKey().substring(i.idempotencyKey().indexOf("/s/")))
                .containsExactly("/s/1", "/s/2", "/s/3");
        assertThat(third.state().terminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
    }

    @Test
    void dormant_policyDefers_untilItsConditionThenRuns() {
        Instant opens = clock.instant().plus(Duration.ofMinutes(30));
        Engine deferring = TestMesh.engine(ALPHA_1, clock)
                .handlers(noop)
                .policies(Policies.of(
                        "business-hours",
                        e -> e.now().isBefore(opens)
                                ? Verdict.defer(Reentry.after(Duration.ofMinutes(30)), "closed")
                                : Verdict.permit()))
                .build();

        Visit first = submit(deferring, create(plan("a"), clock));

        assertThat(first.state().lifecycle()).isEqualTo(Lifecycle.DORMANT);
        assertThat(first.state().dormantCause()).isEqualTo(DormantCause.DORMANT_CAUSE_DEFER);
        Entry deferred = entries(first.object().object()).get(0);
        assertThat(deferred.getDecision().getVerdict()).isEqualTo(io.mre.proto.v1.Verdict.VERDICT_DEFER);
        assertThat(deferred.getDecision().getJudgements(0).getPolicy()).isEqualTo("business-hours");
        assertThat(pendingAt(first)).isEqualTo(opens);

        clock.advance(Duration.ofMinutes(30));
        Visit second = submit(deferring, first.object().object());

        assertThat(second.state().terminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
        assertThat(noop.calls()).isEqualTo(1);
    }

    @Test
    void dormant_policyDefersWithATimeAlreadyDue_waitsTheMinimumDeferralInsteadOfLooping() {
        Instant past = clock.instant().minus(Duration.ofHours(1));
        for (Reentry due : List.of(Reentry.after(Duration.ZERO), Reentry.at(past))) {
            Engine deferring = TestMesh.engine(ALPHA_1, clock)
                    .handlers(noop)
                    .policies(Policies.of("always-due", e -> Verdict.defer(due, "come back right away")))
                    .build();

            Visit visit = submit(deferring, create(plan("a"), clock));

            assertThat(visit.exit()).as("%s", due).isEqualTo(Visit.Exit.DORMANT);
            assertThat(actions(visit.object().object()))
                    .as("one deferral, not a loop")
                    .containsExactly(ACTION_DORMANT);
            assertThat(pendingAt(visit)).isEqualTo(clock.instant().plus(Engine.MINIMUM_DEFERRAL));
            assertThat(entries(visit.object().object())
                            .get(0)
                            .getDecision()
                            .getJudgements(0)
                            .getReentry())
                    .as("the policy's own answer stays on record")
                    .isNotNull();
        }
        assertThat(noop.calls()).isZero();
    }

    private static Step awaitSignal(String id, String signal, String fromDomain) {
        ReentryCondition.Builder c = ReentryCondition.newBuilder().setSignal(signal);
        if (!fromDomain.isEmpty()) {
            c.addSignalFromDomains(fromDomain);
        }
        return step(id, NOOP).toBuilder().setAwaitCondition(c).build();
    }

    private static Instant pendingAt(Visit visit) {
        return Timestamps.toInstant(visit.state().pending().get(0).getAt());
    }
}
