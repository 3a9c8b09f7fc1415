package io.mre.engine;

import static io.mre.engine.fixtures.TestMesh.ALPHA_1;
import static io.mre.engine.fixtures.TestMesh.create;
import static io.mre.engine.fixtures.TestMesh.entries;
import static io.mre.engine.fixtures.TestMesh.plan;
import static io.mre.engine.fixtures.TestMesh.step;
import static io.mre.engine.fixtures.TestMesh.submit;
import static org.assertj.core.api.Assertions.assertThat;

import io.mre.engine.decide.PluginFailures;
import io.mre.engine.fixtures.FakeClock;
import io.mre.engine.fixtures.RecordingHandler;
import io.mre.engine.fixtures.TestMesh;
import io.mre.proto.v1.ExecutableObject;
import io.mre.spi.Advice;
import io.mre.spi.Advisor;
import io.mre.spi.Evaluation;
import io.mre.spi.HandlerResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A handler or an advisor that throws is recorded in the entry and reported once to {@link PluginFailures} with
 * the plugin, the object, the step and the exception itself (the node logs it with its stack trace).
 */
class PluginFailuresTest {
    private final FakeClock clock = new FakeClock();
    private final List<String> reported = new ArrayList<>();
    private final List<Throwable> errors = new ArrayList<>();
    private final PluginFailures recorder = (kind, plugin, objectId, stepId, error) -> {
        reported.add(kind + " " + plugin + " " + objectId + " " + stepId);
        errors.add(error);
    };

    @Test
    void handlerThatThrows_isReportedOnceWithOperationObjectAndStep() {
        IllegalStateException fire = new IllegalStateException("disk on fire");
        RecordingHandler handler = new RecordingHandler("explodes", i -> {
            throw fire;
        });
        Engine engine = TestMesh.engine(ALPHA_1, clock)
                .handlers(handler)
                .failures(recorder)
                .build();
        ExecutableObject object = create(plan(step("s", "explodes")), clock);
        String id = engine.verify(object).objectId();

        Visit visit = submit(engine, object);

        assertThat(entries(visit.object().object())
                        .get(0)
                        .getOutcome()
                        .getError()
                        .getCode())
                .isEqualTo("HANDLER_ERROR");
        long attempts = entries(visit.object().object()).stream()
                .filter(e -> e.getOutcome().getError().getCode().equals("HANDLER_ERROR"))
                .count();
        assertThat(reported).hasSize((int) attempts).allMatch(r -> r.equals("HANDLER explodes " + id + " s"));
        assertThat(errors).allMatch(e -> e == fire);
    }

    @Test
    void handlerThatFailsWithoutThrowing_isNotReported() {
        RecordingHandler handler =
                RecordingHandler.of("declines", i -> HandlerResult.failure("NO_FUNDS", "balance too low"));
        Engine engine = TestMesh.engine(ALPHA_1, clock)
                .handlers(handler)
                .failures(recorder)
                .build();

        submit(engine, create(plan(step("s", "declines")), clock));

        assertThat(reported).isEmpty();
    }

    @Test
    void advisorThatThrows_isReportedWithTheCandidatesStep() {
        Advisor broken = new Advisor() {
            @Override
            public String name() {
                return "oracle";
            }

            @Override
            public List<Advice> advise(Evaluation evaluation) {
                throw new IllegalStateException("model unavailable");
            }
        };
        RecordingHandler handler = RecordingHandler.of("work", i -> HandlerResult.success(Map.of()));
        Engine engine = TestMesh.engine(ALPHA_1, clock)
                .handlers(handler)
                .advisors(broken)
                .failures(recorder)
                .build();
        ExecutableObject object = create(plan(step("s", "work")), clock);
        String id = engine.verify(object).objectId();

        Visit visit = submit(engine, object);

        assertThat(entries(visit.object().object()).get(0).getAdvice(0).getFailed())
                .isTrue();
        assertThat(reported).first().isEqualTo("ADVISOR oracle " + id + " s");
        assertThat(errors.get(0)).hasMessage("model unavailable");
    }
}
