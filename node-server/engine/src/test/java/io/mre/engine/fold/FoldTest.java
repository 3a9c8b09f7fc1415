package io.mre.engine.fold;

import static io.mre.engine.fixtures.TestMesh.ALPHA;
import static io.mre.engine.fixtures.TestMesh.plan;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.ExecuteDetail;
import io.mre.proto.v1.Header;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.NodeRef;
import io.mre.proto.v1.Origin;
import io.mre.proto.v1.Outcome;
import io.mre.proto.v1.ReenterDetail;
import io.mre.proto.v1.RetryPolicy;
import io.mre.proto.v1.SignalRecord;
import io.mre.proto.v1.Step;
import io.mre.proto.v1.StepError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The incremental fold: snapshots that later entries leave alone, independent copies, the next-step cursor. */
class FoldTest {
    private static final Header HEADER = Header.newBuilder()
            .setObjectId("obj-1")
            .setOrigin(Origin.newBuilder().setAuthor("author").setTrustDomain(ALPHA))
            .setCreatedAt(Timestamp.newBuilder().setSeconds(1_700_000_000))
            .build();
    private static final NodeRef NODE =
            NodeRef.newBuilder().setNodeId("alpha-1").setTrustDomain(ALPHA).build();

    @Test
    void state_isNotChangedByEntriesFoldedLater() {
        Intent intent = plan(
                step("a"),
                step("b").toBuilder()
                        .setRetry(RetryPolicy.newBuilder().setMaxAttempts(3))
                        .build(),
                step("c"),
                step("d"));
        Fold fold = Fold.start(HEADER)
                .apply(success("a", 1))
                .apply(failure("b", true).addSignals(signal("go")).build());
        FoldedState before = fold.state(intent);
        Map<String, Struct> outputs = new HashMap<>(before.outputs());
        Map<String, Integer> attempts = new HashMap<>(before.attempts());
        Map<String, StepError> lastErrors = new HashMap<>(before.lastErrors());
        List<String> completed = new ArrayList<>(before.completed());
        List<SignalRecord> signals = new ArrayList<>(before.signals());

        fold.apply(success("b", 3))
                .apply(success("c", 4))
                .apply(compensation("a").addSignals(signal("more")).build());

        assertThat(before.outputs()).isEqualTo(outputs).containsOnlyKeys("a");
        assertThat(before.attempts()).isEqualTo(attempts).containsEntry("b", 1);
        assertThat(before.lastErrors()).isEqualTo(lastErrors).containsOnlyKeys("b");
        assertThat(before.completed()).isEqualTo(completed).containsExactly("a");
        assertThat(before.signals()).isEqualTo(signals).hasSize(1);
        assertThat(before.compensationAttempts()).isEmpty();
        assertThat(before.nextStepId()).contains("b");
        assertThat(before.entries()).isEqualTo(2);
        FoldedState after = fold.state(intent);
        assertThat(after.completed()).containsExactly("a", "b", "c");
        assertThat(after.nextStepId()).contains("d");
        assertThat(after.signals()).hasSize(2);
    }

    @Test
    void copy_isFoldedIndependentlyOfTheOriginal() {
        Intent intent = plan("a", "b", "c");
        Fold original = Fold.start(HEADER).apply(success("a", 1));
        Fold copy = original.copy();

        copy.apply(success("b", 2));
        original.apply(failure("b", false).build());

        assertThat(copy.state(intent).completed()).containsExactly("a", "b");
        assertThat(copy.state(intent).nextStepId()).contains("c");
        assertThat(original.state(intent).completed()).containsExactly("a");
        assertThat(original.state(intent).failedStepId()).contains("b");
        assertThat(original.applied()).isEqualTo(2);
        assertThat(copy.applied()).isEqualTo(2);
    }

    @Test
    void nextStep_isTheFirstPlanStepNotCompleted_evenWhenStepsCompleteOutOfOrderOrThePlanChanges() {
        Intent intent = plan("a", "b", "c");
        Fold fold = Fold.start(HEADER).apply(success("b", 1));
        assertThat(fold.state(intent).nextStepId()).contains("a");

        fold.apply(success("a", 2));
        assertThat(fold.state(intent).nextStepId()).contains("c");

        Intent inserted = Intent.newBuilder(intent)
                .clearSteps()
                .addSteps(step("a"))
                .addSteps(step("new"))
                .addSteps(step("b"))
                .addSteps(step("c"))
                .build();
        assertThat(fold.state(inserted).nextStepId()).contains("new");
        fold.apply(success("new", 3)).apply(success("c", 4));
        assertThat(fold.state(inserted).nextStepId()).isEmpty();
        assertThat(fold.state(intent).nextStepId())
                .as("back to an earlier plan")
                .isEmpty();
    }

    @Test
    void failedStep_isTheFirstByStepId_whateverTheOrderOfTheMaps() {
        Fold fold = Fold.start(HEADER)
                .apply(failure("z", false).build())
                .apply(failure("aa", false).build());

        assertThat("z".hashCode()).isLessThan("aa".hashCode());
        assertThat(fold.state(plan("z", "aa")).failedStepId()).contains("aa");
    }

    @Test
    void aSignal_isConsumedOnceByTheReenterItWoke() {
        SignalRecord go = signal("go");
        Fold fold = Fold.start(HEADER)
                .apply(entry(Action.ACTION_DORMANT, "a")
                        .addSignals(go)
                        .addSignals(go)
                        .build());
        FoldedState twoWaiting = fold.state(plan("a"));

        fold.apply(entry(Action.ACTION_REENTER, "a")
                .setReenter(ReenterDetail.newBuilder().setSignal(go))
                .build());

        assertThat(twoWaiting.unconsumedSignals()).containsExactly(go, go);
        assertThat(fold.state(plan("a")).unconsumedSignals()).containsExactly(go);
        assertThat(fold.state(plan("a")).signals()).containsExactly(go, go);
    }

    private static Step step(String id) {
        return Step.newBuilder().setId(id).setOperation("op").build();
    }

    private static Entry success(String step, int n) {
        return execute(step)
                .setOutcome(Outcome.newBuilder()
                        .setOutput(Struct.newBuilder()
                                .putFields(
                                        "n",
                                        Value.newBuilder().setNumberValue(n).build())))
                .build();
    }

    private static Entry.Builder failure(String step, boolean retryable) {
        return execute(step)
                .setOutcome(Outcome.newBuilder()
                        .setError(StepError.newBuilder().setCode("E").setRetryable(retryable)));
    }

    private static Entry.Builder compensation(String step) {
        return entry(Action.ACTION_EXECUTE, step)
                .setExecute(ExecuteDetail.newBuilder().setOperation("undo").setCompensation(true))
                .setOutcome(Outcome.newBuilder().setOutput(Struct.getDefaultInstance()));
    }

    private static Entry.Builder execute(String step) {
        return entry(Action.ACTION_EXECUTE, step)
                .setExecute(ExecuteDetail.newBuilder().setOperation("op"));
    }

    private static Entry.Builder entry(Action action, String step) {
        return Entry.newBuilder()
                .setObjectId("obj-1")
                .setAction(action)
                .setStepId(step)
                .setNode(NODE)
                .setTime(Timestamp.newBuilder().setSeconds(1_700_000_100));
    }

    private static SignalRecord signal(String name) {
        return SignalRecord.newBuilder().setName(name).setFromDomain(ALPHA).build();
    }
}
