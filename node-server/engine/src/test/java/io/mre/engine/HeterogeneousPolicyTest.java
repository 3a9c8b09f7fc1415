package io.mre.engine;

import static io.mre.engine.fixtures.TestMesh.ALPHA_1;
import static io.mre.engine.fixtures.TestMesh.ALPHA_2;
import static io.mre.engine.fixtures.TestMesh.BETA_1;
import static io.mre.engine.fixtures.TestMesh.NOOP;
import static io.mre.engine.fixtures.TestMesh.actions;
import static io.mre.engine.fixtures.TestMesh.create;
import static io.mre.engine.fixtures.TestMesh.entries;
import static io.mre.engine.fixtures.TestMesh.peer;
import static io.mre.engine.fixtures.TestMesh.plan;
import static io.mre.engine.fixtures.TestMesh.submit;
import static io.mre.proto.v1.Action.ACTION_DELEGATE;
import static io.mre.proto.v1.Action.ACTION_DORMANT;
import static io.mre.proto.v1.Action.ACTION_EXECUTE;
import static org.assertj.core.api.Assertions.assertThat;

import io.mre.engine.fixtures.FakeClock;
import io.mre.engine.fixtures.Policies;
import io.mre.engine.fixtures.RecordingHandler;
import io.mre.engine.fixtures.TestMesh;
import io.mre.proto.v1.Context;
import io.mre.proto.v1.ExecutableObject;
import io.mre.spi.ActionKind;
import io.mre.spi.CandidateAction;
import io.mre.spi.Reentry;
import io.mre.spi.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One object, two nodes with different local policies: two different lawful actions, two verifiable histories. */
class HeterogeneousPolicyTest {
    private final FakeClock clock = new FakeClock();
    private final Engine auditor = TestMesh.engine(BETA_1, clock).build();
    /** Half-way: step a done by alpha-1, step b next. */
    private final ExecutableObject shared = submit(
                    TestMesh.engine(ALPHA_1, clock)
                            .handlers(RecordingHandler.noop(NOOP))
                            .maxCyclesPerVisit(1)
                            .build(),
                    create(
                            plan("a", "b"),
                            Context.newBuilder()
                                    .setDataClassification("confidential")
                                    .build(),
                            clock))
            .object()
            .object();

    @Test
    void sameObject_permissiveNodeExecutes_cautiousNodeDefers_bothHistoriesVerify() {
        Engine permissive = TestMesh.engine(ALPHA_1, clock)
                .handlers(RecordingHandler.noop(NOOP))
                .build();
        Engine cautious = TestMesh.engine(ALPHA_2, clock)
                .handlers(RecordingHandler.noop(NOOP))
                .policies(Policies.of(
                        "confidential-needs-review",
                        e -> e.object().context().dataClassification().equals("confidential")
                                ? Verdict.defer(Reentry.onSignal("reviewed"), "confidential data needs a review")
                                : Verdict.permit()))
                .build();

        Visit atPermissive = submit(permissive, shared);
        Visit atCautious = submit(cautious, shared);

        assertThat(entries(atPermissive.object().object()).get(1).getAction()).isEqualTo(ACTION_EXECUTE);
        assertThat(atPermissive.exit()).isEqualTo(Visit.Exit.TERMINATED);
        assertThat(entries(atCautious.object().object()).get(1).getAction()).isEqualTo(ACTION_DORMANT);
        assertThat(atCautious.exit()).isEqualTo(Visit.Exit.DORMANT);
        assertBothVerifyOverTheSharedPrefix(atPermissive, atCautious);
    }

    @Test
    void sameObject_oneNodeExecutesLocally_theOtherRoutesToAPeer_bothHistoriesVerify() {
        Engine local = TestMesh.engine(ALPHA_1, clock)
                .handlers(RecordingHandler.noop(NOOP))
                .build();
        Engine routing = TestMesh.engine(ALPHA_2, clock)
                .handlers(RecordingHandler.noop(NOOP))
                .peers(peer(BETA_1, NOOP))
                .policies(Policies.of(
                        "offload",
                        e -> e.candidate() instanceof CandidateAction.Execute
                                ? Verdict.constrain(
                                        "run it at beta", io.mre.spi.Constraint.requireDomain(BETA_1.trustDomain()))
                                : Verdict.permit()))
                .build();

        Visit atLocal = submit(local, shared);
        Visit atRouting = submit(routing, shared);

        assertThat(actions(atLocal.object().object()).get(1)).isEqualTo(ACTION_EXECUTE);
        assertThat(actions(atRouting.object().object()).get(1)).isEqualTo(ACTION_DELEGATE);
        assertThat(atRouting.delegateTo()).contains(peer(BETA_1, NOOP));
        assertBothVerifyOverTheSharedPrefix(atLocal, atRouting);
    }

    @Test
    void sameObject_aPolicyThatOnlyOneNodeHas_decidesWhichActionIsTaken() {
        Engine plain = TestMesh.engine(ALPHA_1, clock)
                .handlers(RecordingHandler.noop(NOOP))
                .build();
        Engine strict = TestMesh.engine(ALPHA_2, clock)
                .handlers(RecordingHandler.noop(NOOP))
                .policies(Policies.on(
                        "no-execution-here",
                        ActionKind.EXECUTE,
                        Verdict.defer(Reentry.after(Duration.ofHours(1)), "maintenance window")))
                .build();

        assertThat(plain.explain(plain.verify(shared)).action()).isEqualTo(ACTION_EXECUTE);
        Explanation strictly = strict.explain(strict.verify(shared));
        assertThat(strictly.action()).isEqualTo(ACTION_DORMANT);
        assertThat(strictly.decision().getReason()).contains("maintenance window");
    }

    private void assertBothVerifyOverTheSharedPrefix(Visit one, Visit other) {
        for (Visit v : new Visit[] {one, other}) {
            ExecutableObject object = v.object().object();
            assertThat(auditor.verify(object).objectId())
                    .isEqualTo(auditor.verify(shared).objectId());
            assertThat(object.getMemory().getEntries(0))
                    .isEqualTo(shared.getMemory().getEntries(0));
        }
        assertThat(one.object().object().getMemory().getEntries(1))
                .isNotEqualTo(other.object().object().getMemory().getEntries(1));
    }
}
