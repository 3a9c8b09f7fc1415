package io.mre.engine.object;

import static io.mre.engine.fixtures.TestMesh.ALPHA_1;
import static io.mre.engine.fixtures.TestMesh.create;
import static io.mre.engine.fixtures.TestMesh.plan;
import static org.assertj.core.api.Assertions.assertThat;

import io.mre.engine.Engine;
import io.mre.engine.Visit;
import io.mre.engine.VisitInput;
import io.mre.engine.fixtures.FakeClock;
import io.mre.engine.fixtures.RecordingHandler;
import io.mre.engine.fixtures.TestMesh;
import io.mre.engine.fold.FoldedState;
import io.mre.engine.verify.VerifiedObject;
import io.mre.engine.view.Views;
import io.mre.proto.v1.Entry;
import io.mre.spi.HandlerResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A visit continues the fold and the entries that verification made, and changes nothing another visit shares. */
class WorkingObjectTest {
    private final FakeClock clock = new FakeClock();
    private final Engine engine = TestMesh.engine(ALPHA_1, clock)
            .maxCyclesPerVisit(2)
            .handlers(RecordingHandler.of(TestMesh.NOOP, i -> HandlerResult.success(Map.of("step", i.stepId()))))
            .build();

    @Test
    void visitsFromOneVerifiedObject_leaveItAndEachOtherAsTheyWere() {
        VerifiedObject verified =
                engine.verify(engine.run(engine.verify(create(plan("a", "b", "c", "d", "e"), clock)), VisitInput.NONE)
                        .object()
                        .object());
        List<Entry> entries = List.copyOf(verified.entries());
        FoldedState state = verified.fold().state(verified.object().getIntent());

        Visit first = engine.run(verified, VisitInput.NONE);
        Visit second = engine.run(verified, VisitInput.NONE);

        assertThat(verified.entries()).isEqualTo(entries).hasSize(2);
        assertThat(verified.fold().state(verified.object().getIntent())).isEqualTo(state);
        assertThat(verified.outputViews()).containsOnlyKeys("a", "b");
        assertThat(first.state().completed()).containsExactly("a", "b", "c", "d");
        assertThat(second.state().completed()).containsExactly("a", "b", "c", "d");
        assertThat(first.object().entries()).hasSize(4);
        assertThat(first.object().outputViews())
                .containsOnlyKeys("a", "b", "c", "d")
                .containsEntry("d", Map.of("step", "d"));
    }

    @Test
    void aStateTaken_isNotChangedByLaterAppends() {
        WorkingObject w = new WorkingObject(engine.verify(create(plan("a", "b"), clock)), ALPHA_1);
        FoldedState before = w.state();
        List<?> history = w.history();

        Visit visit = engine.run(w.toVerified(), VisitInput.NONE);

        assertThat(visit.state().completed()).containsExactly("a", "b");
        assertThat(before.completed()).isEmpty();
        assertThat(before.outputs()).isEmpty();
        assertThat(before.nextStepId()).contains("a");
        assertThat(history).isEmpty();
        assertThat(visit.object().outputViews())
                .isEqualTo(Views.outputs(visit.state().outputs()));
    }
}
