package io.mre.engine;

import static io.mre.engine.fixtures.TestMesh.ALPHA;
import static io.mre.engine.fixtures.TestMesh.ALPHA_1;
import static io.mre.engine.fixtures.TestMesh.NOOP;
import static io.mre.engine.fixtures.TestMesh.create;
import static io.mre.engine.fixtures.TestMesh.plan;
import static org.assertj.core.api.Assertions.assertThat;

import io.mre.engine.fixtures.FakeClock;
import io.mre.engine.fixtures.Policies;
import io.mre.engine.fixtures.RecordingHandler;
import io.mre.engine.fixtures.TestMesh;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.ConstraintKind;
import io.mre.proto.v1.Decision;
import io.mre.proto.v1.PolicyJudgement;
import io.mre.spi.Constraint;
import io.mre.spi.Policy;
import io.mre.spi.Reentry;
import io.mre.spi.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Authority, seen through the dry run: every policy is consulted and recorded; REJECT overrides DEFER, which
 * overrides CONSTRAIN (constraints merged), which overrides PERMIT.
 */
class AuthorityTest {
    private final FakeClock clock = new FakeClock();
    private final RecordingHandler noop = RecordingHandler.noop(NOOP);
    private final Policy permit = Policies.of("permit", e -> Verdict.permit("fine"));
    private final Policy regional =
            Policies.of("regional", e -> Verdict.constrain("eu only", Constraint.requireLabel("region", "eu")));
    private final Policy domestic =
            Policies.of("domestic", e -> Verdict.constrain("alpha only", Constraint.requireDomain(ALPHA)));
    private final Policy defer = Policies.of("defer", e -> Verdict.defer(Reentry.after(Duration.ofMinutes(5)), "busy"));
    private final Policy reject = Policies.of("reject", e -> Verdict.reject("forbidden"));

    @Test
    void judge_rejectOverridesEverything_andEveryJudgementIsRecorded() {
        Explanation e = explain(permit, regional, defer, reject);

        assertThat(e.action()).isEqualTo(Action.ACTION_TERMINATE);
        assertThat(e.decision().getVerdict()).isEqualTo(io.mre.proto.v1.Verdict.VERDICT_REJECT);
        assertThat(e.decision().getReason()).isEqualTo("reject: forbidden");
        assertThat(e.decision().getJudgementsList())
                .extracting(PolicyJudgement::getPolicy)
                .containsExactly("permit", "regional", "defer", "reject");
        assertThat(noop.calls()).isZero();
    }

    @Test
    void judge_deferOverridesConstrainAndPermit() {
        Explanation e = explain(permit, regional, defer);

        assertThat(e.action()).isEqualTo(Action.ACTION_DORMANT);
        assertThat(e.decision().getVerdict()).isEqualTo(io.mre.proto.v1.Verdict.VERDICT_DEFER);
        assertThat(e.decision().getJudgements(2).getReentry().hasAfter()).isTrue();
    }

    @Test
    void judge_constraintsOfEveryConstrainAreMerged() {
        Decision d = explain(permit, regional, domestic).decision();

        assertThat(d.getVerdict()).isEqualTo(io.mre.proto.v1.Verdict.VERDICT_CONSTRAIN);
        assertThat(d.getConstraintsList())
                .extracting(c -> c.getKind() + "=" + c.getValue())
                .containsExactly(
                        ConstraintKind.CONSTRAINT_KIND_REQUIRE_LABEL + "=region=eu",
                        ConstraintKind.CONSTRAINT_KIND_REQUIRE_DOMAIN + "=" + ALPHA);
    }

    @Test
    void judge_permitWhenEveryPolicyPermits_orWhenThereIsNoPolicy() {
        assertThat(explain(permit).decision().getVerdict()).isEqualTo(io.mre.proto.v1.Verdict.VERDICT_PERMIT);
        Decision none = explain().decision();
        assertThat(none.getVerdict()).isEqualTo(io.mre.proto.v1.Verdict.VERDICT_PERMIT);
        assertThat(none.getReason()).isEqualTo("no policy configured");
    }

    @Test
    void judge_policyReturningNoVerdict_failsClosed() {
        Decision d = explain(permit, Policies.of("silent", e -> null)).decision();

        assertThat(d.getVerdict()).isEqualTo(io.mre.proto.v1.Verdict.VERDICT_REJECT);
        assertThat(d.getReason()).contains("policy error: silent returned no verdict");
    }

    @Test
    void explain_isADryRun_thatRunsNoHandlerAndAppendsNothing() {
        Engine engine = TestMesh.engine(ALPHA_1, clock).handlers(noop).build();
        var verified = engine.verify(create(plan("a"), clock));

        Explanation e = engine.explain(verified);

        assertThat(e.action()).isEqualTo(Action.ACTION_EXECUTE);
        assertThat(e.stepId()).isEqualTo("a");
        assertThat(e.explanation()).contains("execute 'a'");
        assertThat(e.state().entries()).isZero();
        assertThat(verified.object().getMemory().getEntriesCount()).isZero();
        assertThat(noop.calls()).isZero();
    }

    @Test
    void explain_tellsPoliciesItIsADryRun_andARealCycleDoesNot() {
        List<Boolean> dryRuns = new java.util.concurrent.CopyOnWriteArrayList<>();
        Policy watching = Policies.of("watching", e -> {
            dryRuns.add(e.dryRun());
            return Verdict.permit("fine");
        });
        Engine engine = TestMesh.engine(ALPHA_1, clock)
                .handlers(noop)
                .policies(watching)
                .build();
        var verified = engine.verify(create(plan("a"), clock));

        engine.explain(verified);
        engine.run(verified, VisitInput.NONE);

        assertThat(dryRuns).startsWith(true, false);
        assertThat(dryRuns.subList(1, dryRuns.size()))
                .as("every evaluation of the visit")
                .containsOnly(false);
    }

    private Explanation explain(Policy... policies) {
        Engine engine = TestMesh.engine(ALPHA_1, clock)
                .handlers(noop)
                .labels(Map.of("region", "eu"))
                .policies(policies)
                .build();
        return engine.explain(engine.verify(create(plan("a"), clock)));
    }
}
