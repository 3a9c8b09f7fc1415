package io.mre.engine;

import static io.mre.engine.fixtures.TestMesh.ALPHA;
import static io.mre.engine.fixtures.TestMesh.ALPHA_1;
import static io.mre.engine.fixtures.TestMesh.create;
import static io.mre.engine.fixtures.TestMesh.entries;
import static io.mre.engine.fixtures.TestMesh.plan;
import static io.mre.engine.fixtures.TestMesh.step;
import static io.mre.engine.fixtures.TestMesh.submit;
import static org.assertj.core.api.Assertions.assertThat;

import io.mre.engine.fixtures.FakeClock;
import io.mre.engine.fixtures.Policies;
import io.mre.engine.fixtures.RecordingHandler;
import io.mre.engine.fixtures.TestMesh;
import io.mre.engine.view.Values;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.RetryPolicy;
import io.mre.proto.v1.Verdict;
import io.mre.spi.ActionKind;
import io.mre.spi.Constraint;
import io.mre.spi.HandlerResult;
import io.mre.spi.Invocation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** EXECUTE: a local handler runs the step with an idempotency key; the outcome is recorded and signed. */
class ExecuteActionTest {
    private final FakeClock clock = new FakeClock();

    @Test
    void execute_givesTheHandlerObjectStepAttemptAsIdempotencyKeyAndRecordsTheOutput() {
        RecordingHandler handler = RecordingHandler.of(
                "credit.check",
                i -> HandlerResult.success(Map.of(
                        "score",
                        710,
                        "seen",
                        i.outputs().keySet().stream().sorted().toList())));
        Engine engine = TestMesh.engine(ALPHA_1, clock).handlers(handler).build();
        ExecutableObject object = create(plan(step("first", "credit.check"), step("second", "credit.check")), clock);
        String id = engine.verify(object).objectId();

        Visit visit = submit(engine, object);

        assertThat(handler.invocations())
                .extracting(Invocation::idempotencyKey)
                .containsExactly(id + "/first/1", id + "/second/1");
        assertThat(handler.invocations().get(1).outputs()).containsOnlyKeys("first");
        Entry first = entries(visit.object().object()).get(0);
        assertThat(first.getAction()).isEqualTo(Action.ACTION_EXECUTE);
        assertThat(first.getStepId()).isEqualTo("first");
        assertThat(first.getAttempt()).isEqualTo(1);
        assertThat(first.getExecute().getOperation()).isEqualTo("credit.check");
        assertThat(first.getExecute().getIdempotencyKey()).isEqualTo(id + "/first/1");
        assertThat(first.getNode().getNodeId()).isEqualTo(ALPHA_1.nodeId());
        assertThat(first.getNode().getTrustDomain()).isEqualTo(ALPHA);
        assertThat(first.getDecision().getVerdict()).isEqualTo(Verdict.VERDICT_PERMIT);
        assertThat(Values.toMap(first.getOutcome().getOutput())).containsEntry("score", 710.0);
        assertThat(visit.state().outputs()).containsKeys("first", "second");
        assertThat(engine.verify(visit.object().object()).entries()).hasSize(3);
    }

    @Test
    void execute_retryableFailure_retriesWithTheNextAttemptNumber() {
        RecordingHandler handler = RecordingHandler.scripted(
                "flaky", HandlerResult.retryableFailure("UNAVAILABLE", "try later"), HandlerResult.success(Map.of()));
        Engine engine = TestMesh.engine(ALPHA_1, clock).handlers(handler).build();
        ExecutableObject object = create(
                plan(step("s", "flaky").toBuilder()
                        .setRetry(RetryPolicy.newBuilder().setMaxAttempts(3))
                        .build()),
                clock);

        Visit visit = submit(engine, object);

        List<Entry> entries = entries(visit.object().object());
        assertThat(entries).extracting(Entry::getAttempt).containsExactly(1, 2, 0);
        assertThat(entries.get(0).getOutcome().getError().getCode()).isEqualTo("UNAVAILABLE");
        assertThat(handler.invocations()).extracting(Invocation::attempt).containsExactly(1, 2);
        assertThat(handler.invocations().get(1).idempotencyKey()).endsWith("/s/2");
        assertThat(visit.state().attempts()).containsEntry("s", 2);
    }

    @Test
    void execute_handlerThatThrows_isRecordedAsARetryableHandlerError() {
        RecordingHandler handler = new RecordingHandler("explodes", i -> {
            throw new IllegalStateException("disk on fire");
        });
        Engine engine = TestMesh.engine(ALPHA_1, clock).handlers(handler).build();

        Visit visit = submit(engine, create(plan(step("s", "explodes")), clock));

        Entry first = entries(visit.object().object()).get(0);
        assertThat(first.getOutcome().getError().getCode()).isEqualTo("HANDLER_ERROR");
        assertThat(first.getOutcome().getError().getMessage()).contains("disk on fire");
        assertThat(first.getOutcome().getError().getRetryable()).isTrue();
    }

    @Test
    void execute_handlerSlowerThanTheStepTimeout_isRecordedAsARetryableTimeout() {
        RecordingHandler slow = new RecordingHandler("slow", i -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return HandlerResult.success(Map.of());
        });
        Engine engine = TestMesh.engine(ALPHA_1, clock).handlers(slow).build();
        io.mre.proto.v1.Step timed = step("s", "slow").toBuilder()
                .setTimeout(com.google.protobuf.Duration.newBuilder().setNanos(50_000_000))
                .build();

        Visit visit = submit(engine, create(plan(timed), clock));

        Entry first = entries(visit.object().object()).get(0);
        assertThat(first.getOutcome().getError().getCode()).isEqualTo("TIMEOUT");
        assertThat(first.getOutcome().getError().getRetryable()).isTrue();
    }

    @Test
    void execute_constrainedToRedactAField_recordsTheOutputWithoutIt() {
        RecordingHandler handler = RecordingHandler.of(
                "kyc",
                i -> HandlerResult.success(Map.of("applicant", Map.of("name", "Ada", "ssn", "123"), "ok", true)));
        Engine engine = TestMesh.engine(ALPHA_1, clock)
                .handlers(handler)
                .policies(Policies.on(
                        "privacy",
                        ActionKind.EXECUTE,
                        io.mre.spi.Verdict.constrain("no ssn in memory", Constraint.redactOutput("applicant.ssn"))))
                .build();

        Visit visit = submit(engine, create(plan(step("s", "kyc")), clock));

        Entry first = entries(visit.object().object()).get(0);
        assertThat(first.getDecision().getVerdict()).isEqualTo(Verdict.VERDICT_CONSTRAIN);
        assertThat(Values.toMap(first.getOutcome().getOutput()))
                .isEqualTo(Map.of("applicant", Map.of("name", "Ada"), "ok", true));
    }
}
