package io.mre.engine;

import static io.mre.engine.fixtures.TestMesh.ALPHA_1;
import static io.mre.engine.fixtures.TestMesh.ALPHA_2;
import static io.mre.engine.fixtures.TestMesh.NOOP;
import static io.mre.engine.fixtures.TestMesh.actions;
import static io.mre.engine.fixtures.TestMesh.create;
import static io.mre.engine.fixtures.TestMesh.entries;
import static io.mre.engine.fixtures.TestMesh.plan;
import static io.mre.engine.fixtures.TestMesh.submit;
import static io.mre.proto.v1.Action.ACTION_EXECUTE;
import static io.mre.proto.v1.Action.ACTION_MUTATE;
import static io.mre.proto.v1.Action.ACTION_TERMINATE;
import static org.assertj.core.api.Assertions.assertThat;

import io.mre.engine.codec.Digests;
import io.mre.engine.fixtures.FakeClock;
import io.mre.engine.fixtures.Policies;
import io.mre.engine.fixtures.RecordingHandler;
import io.mre.engine.fixtures.TestMesh;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Step;
import io.mre.spi.ActionKind;
import io.mre.spi.Advice;
import io.mre.spi.Advisor;
import io.mre.spi.CandidateAction;
import io.mre.spi.Evaluation;
import io.mre.spi.PlanPatch;
import io.mre.spi.StepView;
import io.mre.spi.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MUTATE: advice is recorded, never binding; a plan change happens only as a permitted, recorded patch. */
class MutateActionTest {
    private final FakeClock clock = new FakeClock();
    private final RecordingHandler noop = RecordingHandler.noop(NOOP);

    /** Before step b runs, suggests inserting a2 after a. */
    private final Advisor planner = advisor(
            "planner",
            e -> e.candidate() instanceof CandidateAction.Execute x
                            && x.target().id().equals("b")
                    ? List.of(Advice.mutate(
                            PlanPatch.insertAfter("a", StepView.of("a2", NOOP, Map.of())), "a2 is needed"))
                    : List.of());

    @Test
    void mutate_permittedAdvice_isAppliedAsARecordedPatchAndTheObjectStillVerifies() {
        Engine engine =
                TestMesh.engine(ALPHA_1, clock).handlers(noop).advisors(planner).build();

        Visit visit = submit(engine, create(plan("a", "b"), clock));

        ExecutableObject object = visit.object().object();
        assertThat(actions(object))
                .containsExactly(ACTION_EXECUTE, ACTION_MUTATE, ACTION_EXECUTE, ACTION_EXECUTE, ACTION_TERMINATE);
        Entry mutate = entries(object).get(1);
        assertThat(mutate.getMutate().getSuggestedBy()).isEqualTo("planner");
        assertThat(mutate.getMutate().getReason()).isEqualTo("a2 is needed");
        assertThat(mutate.getMutate().getIntentPatch().getInsertSteps(0).getAfterStepId())
                .isEqualTo("a");
        assertThat(mutate.getMutate()
                        .getIntentPatch()
                        .getInsertSteps(0)
                        .getStep()
                        .getId())
                .isEqualTo("a2");
        assertThat(mutate.getAdviceList())
                .singleElement()
                .satisfies(a -> assertThat(a.getAdvisor()).isEqualTo("planner"));
        assertThat(object.getIntent().getStepsList()).extracting(Step::getId).containsExactly("a", "a2", "b");
        assertThat(mutate.getIntentDigest().toByteArray()).isEqualTo(Digests.intentDigest(object.getIntent()));
        assertThat(noop.invocations()).extracting(i -> i.stepId()).containsExactly("a", "a2", "b");
        assertThat(TestMesh.engine(ALPHA_2, clock).build().verify(object).entries())
                .hasSize(5);
    }

    @Test
    void mutate_firstMutation_carriesTheGenesisThatVerifiersReplayFrom() {
        Engine engine =
                TestMesh.engine(ALPHA_1, clock).handlers(noop).advisors(planner).build();
        ExecutableObject created = create(plan("a", "b"), clock);
        ExecutableObject unmutated = submit(
                        TestMesh.engine(ALPHA_1, clock).handlers(noop).build(), created)
                .object()
                .object();

        ExecutableObject object = submit(engine, created).object().object();

        assertThat(unmutated.hasGenesis())
                .as("no MUTATE, no genesis (no size cost)")
                .isFalse();
        assertThat(object.getGenesis().getIntent()).isEqualTo(created.getIntent());
        assertThat(object.getGenesis().getContext()).isEqualTo(created.getContext());
        assertThat(TestMesh.engine(ALPHA_2, clock).build().verify(object).entries())
                .hasSize(5);
    }

    @Test
    void mutate_adviceAtANodeOutsideTheOwnerAndReplanDomains_isRecordedButNotApplied() {
        Engine bureau = TestMesh.engine(TestMesh.BETA_1, clock)
                .handlers(noop)
                .advisors(planner)
                .build();
        ExecutableObject created = create(plan("a", "b"), clock); // owned by alpha.example

        ExecutableObject object = submit(bureau, created).object().object();

        assertThat(actions(object)).containsExactly(ACTION_EXECUTE, ACTION_EXECUTE, ACTION_TERMINATE);
        assertThat(object.getIntent()).isEqualTo(created.getIntent());
        assertThat(entries(object).get(1).getAdviceList())
                .singleElement()
                .satisfies(a -> assertThat(a.getRationale()).isEqualTo("a2 is needed"));

        ExecutableObject replannable = create(
                plan("a", "b").toBuilder().addReplanDomains(TestMesh.BETA).build(), clock);
        assertThat(actions(submit(bureau, replannable).object().object()))
                .containsExactly(ACTION_EXECUTE, ACTION_MUTATE, ACTION_EXECUTE, ACTION_EXECUTE, ACTION_TERMINATE);
    }

    @Test
    void mutate_adviceAPolicyRejects_isRecordedButNotApplied() {
        Engine engine = TestMesh.engine(ALPHA_1, clock)
                .handlers(noop)
                .advisors(planner)
                .policies(Policies.on("frozen-plan", ActionKind.MUTATE, Verdict.reject("the plan is frozen")))
                .build();
        ExecutableObject created = create(plan("a", "b"), clock);

        Visit visit = submit(engine, created);

        ExecutableObject object = visit.object().object();
        assertThat(actions(object)).containsExactly(ACTION_EXECUTE, ACTION_EXECUTE, ACTION_TERMINATE);
        assertThat(object.getIntent()).isEqualTo(created.getIntent());
        assertThat(entries(object).get(1).getAdviceList())
                .singleElement()
                .satisfies(a -> assertThat(a.getRationale()).isEqualTo("a2 is needed"));
    }

    @Test
    void mutate_adviceToRemoveAStartedStep_isRecordedButNotApplied() {
        Advisor remover = advisor(
                "remover",
                e -> e.candidate() instanceof CandidateAction.Execute x
                                && x.target().id().equals("b")
                        ? List.of(Advice.mutate(new PlanPatch(List.of("a"), List.of()), "a was not needed"))
                        : List.of());
        Engine engine =
                TestMesh.engine(ALPHA_1, clock).handlers(noop).advisors(remover).build();
        ExecutableObject created = create(plan("a", "b"), clock);

        Visit visit = submit(engine, created);

        assertThat(actions(visit.object().object())).containsExactly(ACTION_EXECUTE, ACTION_EXECUTE, ACTION_TERMINATE);
        assertThat(visit.object().object().getIntent()).isEqualTo(created.getIntent());
        assertThat(entries(visit.object().object()).get(1).getAdviceList()).hasSize(1);
    }

    @Test
    void mutate_failingAdvisor_isRecordedAsFailedAdviceAndIgnored() {
        Advisor broken = advisor("broken", e -> {
            throw new IllegalStateException("model offline");
        });
        Engine engine =
                TestMesh.engine(ALPHA_1, clock).handlers(noop).advisors(broken).build();

        Visit visit = submit(engine, create(plan("a"), clock));

        assertThat(actions(visit.object().object())).containsExactly(ACTION_EXECUTE, ACTION_TERMINATE);
        assertThat(entries(visit.object().object()).get(0).getAdviceList())
                .singleElement()
                .satisfies(a -> {
                    assertThat(a.getFailed()).isTrue();
                    assertThat(a.getRationale()).contains("model offline");
                });
    }

    @Test
    void mutate_advisorReturningANullAdvice_isRecordedAsFailedAdviceAndIgnored() {
        Advisor sloppy = advisor("sloppy", e -> java.util.Arrays.asList((Advice) null));
        Engine engine =
                TestMesh.engine(ALPHA_1, clock).handlers(noop).advisors(sloppy).build();

        Visit visit = submit(engine, create(plan("a"), clock));

        assertThat(actions(visit.object().object())).containsExactly(ACTION_EXECUTE, ACTION_TERMINATE);
        assertThat(entries(visit.object().object()).get(0).getAdviceList())
                .singleElement()
                .satisfies(a -> {
                    assertThat(a.getFailed()).isTrue();
                    assertThat(a.getRationale()).contains("null advice");
                });
    }

    private static Advisor advisor(String name, java.util.function.Function<Evaluation, List<Advice>> f) {
        return new Advisor() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<Advice> advise(Evaluation evaluation) {
                return f.apply(evaluation);
            }
        };
    }
}
