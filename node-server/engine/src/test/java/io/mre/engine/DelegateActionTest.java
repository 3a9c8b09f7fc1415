package io.mre.engine;

import static io.mre.engine.fixtures.TestMesh.ALPHA_1;
import static io.mre.engine.fixtures.TestMesh.ALPHA_2;
import static io.mre.engine.fixtures.TestMesh.BETA;
import static io.mre.engine.fixtures.TestMesh.BETA_1;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mre.engine.fixtures.FakeClock;
import io.mre.engine.fixtures.Policies;
import io.mre.engine.fixtures.RecordingHandler;
import io.mre.engine.fixtures.TestMesh;
import io.mre.engine.verify.IntegrityRule;
import io.mre.proto.v1.DormantCause;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Routing;
import io.mre.proto.v1.TerminalStatus;
import io.mre.spi.ActionKind;
import io.mre.spi.CandidateAction;
import io.mre.spi.Lifecycle;
import io.mre.spi.Verdict;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** DELEGATE: custody moves to a capable peer chosen through the peer directory; the peer continues the object. */
class DelegateActionTest {
    private final FakeClock clock = new FakeClock();
    private final RecordingHandler alphaOps = RecordingHandler.noop("op.a");
    private final RecordingHandler betaOps = RecordingHandler.noop("op.b");
    private final Engine alpha = TestMesh.engine(ALPHA_1, clock)
            .handlers(alphaOps)
            .peers(peer(BETA_1, "op.b"))
            .build();
    private final Engine beta = TestMesh.engine(BETA_1, clock)
            .handlers(betaOps)
            .peers(peer(ALPHA_1, "op.a"))
            .build();
    private final ExecutableObject created =
            create(plan(step("s1", "op.a"), step("s2", "op.b"), step("s3", "op.a")), clock);

    /**
     * Issue 14: a peer that restarts (the transfer fails, the delegator re-decides and delegates again) must not
     * spend the hop limit. Hops count transfers that took effect: the delegator's own next entry takes the failed
     * one back, in the fold every node computes and in the hop-limit check.
     */
    @Test
    void delegate_transferFailedThenRetried_countsOneHopNotTwo() {
        Engine oneHop = TestMesh.engine(ALPHA_1, clock)
                .handlers(alphaOps)
                .peers(peer(BETA_1, "op.b"))
                .defaultMaxHops(1)
                .build();
        Visit first = submit(oneHop, created);
        assertThat(first.exit()).isEqualTo(Visit.Exit.DELEGATED);
        assertThat(first.state().hops()).isEqualTo(1); // in transit: the target holds it

        // The peer was restarting: the transfer failed; the node re-decides (the peer is back, not excluded).
        Visit retried = oneHop.run(oneHop.verify(first.object().object()), VisitInput.redecide(Set.of()));

        assertThat(retried.exit()).isEqualTo(Visit.Exit.DELEGATED);
        assertThat(actions(retried.object().object()))
                .containsExactly(ACTION_EXECUTE, ACTION_DELEGATE, ACTION_DELEGATE);
        assertThat(retried.state().hops()).isEqualTo(1);
        Visit atBeta = submit(beta, retried.object().object());
        assertThat(atBeta.object()
                        .fold()
                        .state(atBeta.object().object().getIntent())
                        .hops())
                .isEqualTo(2);
        assertThat(entries(atBeta.object().object()).get(3).getNode().getNodeId())
                .isEqualTo(BETA_1.nodeId());
    }

    @Test
    void delegate_hopLimitOfEffectiveTransfersReached_terminatesExpired() {
        Engine oneHop = TestMesh.engine(BETA_1, clock)
                .handlers(betaOps)
                .peers(peer(ALPHA_1, "op.a"))
                .defaultMaxHops(1)
                .build();
        Visit atBeta = submit(oneHop, submit(alpha, created).object().object());

        assertThat(atBeta.exit()).isEqualTo(Visit.Exit.TERMINATED);
        assertThat(atBeta.state().terminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_EXPIRED);
        assertThat(entries(atBeta.object().object()).getLast().getTerminate().getReason())
                .contains("hop limit of 1");
    }

    @Test
    void delegate_stepOnlyAPeerCanRun_handsCustodyToThePeerWhichContinuesToCompletion() {
        Visit first = submit(alpha, created);

        assertThat(first.exit()).isEqualTo(Visit.Exit.DELEGATED);
        assertThat(first.delegateTo()).contains(peer(BETA_1, "op.b"));
        Entry delegate = entries(first.object().object()).get(1);
        assertThat(delegate.getAction()).isEqualTo(ACTION_DELEGATE);
        assertThat(delegate.getStepId()).isEqualTo("s2");
        assertThat(delegate.getDelegate().getTarget().getNodeId()).isEqualTo(BETA_1.nodeId());
        assertThat(delegate.getDelegate().getTarget().getTrustDomain()).isEqualTo(BETA);
        assertThat(delegate.getDelegate().getTargetAddress()).isEqualTo(BETA_1.nodeId() + ":7443");
        assertThat(first.state().hops()).isEqualTo(1);
        assertThat(first.state().holder().getNodeId()).isEqualTo(BETA_1.nodeId());

        Visit second = submit(beta, first.object().object());
        assertThat(second.exit()).isEqualTo(Visit.Exit.DELEGATED);
        assertThat(second.delegateTo()).contains(peer(ALPHA_1, "op.a"));

        Visit third = submit(alpha, second.object().object());
        assertThat(third.exit()).isEqualTo(Visit.Exit.TERMINATED);
        assertThat(third.state().terminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);

        ExecutableObject done = third.object().object();
        assertThat(actions(done))
                .containsExactly(
                        ACTION_EXECUTE,
                        ACTION_DELEGATE,
                        ACTION_EXECUTE,
                        ACTION_DELEGATE,
                        ACTION_EXECUTE,
                        ACTION_TERMINATE);
        assertThat(entries(done))
                .extracting(e -> e.getNode().getTrustDomain())
                .containsExactly(
                        ALPHA_1.trustDomain(),
                        ALPHA_1.trustDomain(),
                        BETA,
                        BETA,
                        ALPHA_1.trustDomain(),
                        ALPHA_1.trustDomain());
        assertThat(betaOps.invocations()).extracting(i -> i.stepId()).containsExactly("s2");
        assertThat(TestMesh.engine(ALPHA_2, clock).build().verify(done).entries())
                .hasSize(6);
        assertThatThrownBy(() -> TestMesh.engine(ALPHA_2, clock)
                        .trust(TestMesh.ALPHA_ONLY)
                        .build()
                        .verify(done))
                .isInstanceOfSatisfying(
                        MreException.class,
                        e -> assertThat(e.metadata())
                                .containsEntry("rule", IntegrityRule.SIGNER_NOT_TRUSTED.name())
                                .containsEntry("seq", "2"));
    }

    @Test
    void delegate_thePeerRunsTheRestAndCompletes_underABundleWithBothCas() {
        ExecutableObject twoSteps = create(plan(step("s1", "op.a"), step("s2", "op.b")), clock);

        Visit first = submit(alpha, twoSteps);
        Visit second = submit(beta, first.object().object());

        assertThat(first.exit()).isEqualTo(Visit.Exit.DELEGATED);
        assertThat(second.exit()).isEqualTo(Visit.Exit.TERMINATED);
        assertThat(second.state().terminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
        assertThat(second.state().outputs()).containsOnlyKeys("s1", "s2");
        assertThat(TestMesh.engine(ALPHA_2, clock)
                        .trust(TestMesh.BOTH_DOMAINS)
                        .build()
                        .verify(second.object().object())
                        .entries())
                .extracting(Entry::getAction)
                .containsExactly(ACTION_EXECUTE, ACTION_DELEGATE, ACTION_EXECUTE, ACTION_TERMINATE);
    }

    @Test
    void delegate_stepRoutedToAnotherDomain_goesThereEvenIfThisNodeCouldRunIt() {
        Engine both = TestMesh.engine(ALPHA_1, clock)
                .handlers(alphaOps)
                .peers(peer(BETA_1, "op.a"))
                .build();
        ExecutableObject routed = create(
                plan(step("s", "op.a").toBuilder()
                        .setRouting(Routing.newBuilder().setTrustDomain(BETA))
                        .build()),
                clock);

        Visit visit = submit(both, routed);

        assertThat(visit.exit()).isEqualTo(Visit.Exit.DELEGATED);
        assertThat(alphaOps.calls()).isZero();
    }

    @Test
    void delegate_noCapablePeer_goesDormantToRetryLater() {
        Engine alone = TestMesh.engine(ALPHA_1, clock).handlers(alphaOps).build();

        Visit visit = submit(alone, created);

        assertThat(visit.exit()).isEqualTo(Visit.Exit.DORMANT);
        assertThat(visit.state().dormantCause()).isEqualTo(DormantCause.DORMANT_CAUSE_NO_PEER);
        assertThat(visit.state().pending())
                .singleElement()
                .satisfies(c -> assertThat(c.getAt().getSeconds())
                        .isEqualTo(clock.instant().plusSeconds(30).getEpochSecond()));
    }

    @Test
    void delegate_noCapablePeer_saysWhyTheConfiguredPeersDoNotAnswer() {
        PeerDirectory down = new PeerDirectory() {
            @Override
            public java.util.List<io.mre.spi.PeerView> peers() {
                return java.util.List.of();
            }

            @Override
            public java.util.Map<String, String> unreachable() {
                return java.util.Map.of("127.0.0.1:7443", "TLS: no CA of domain 'beta.example' in trustBundle trust");
            }
        };
        Engine alone = TestMesh.engine(ALPHA_1, clock)
                .handlers(alphaOps)
                .directory(down)
                .build();

        Visit visit = submit(alone, created);

        Entry dormant = entries(visit.object().object()).getLast();
        assertThat(dormant.getDecision().getReason())
                .isEqualTo("no capable peer (not answering: "
                        + "127.0.0.1:7443: TLS: no CA of domain 'beta.example' in trustBundle trust)");
        assertThat(dormant.getDormant().getReason())
                .endsWith("(not answering: 127.0.0.1:7443: TLS: no CA of domain "
                        + "'beta.example' in trustBundle trust)");
        assertThat(visit.state().dormantCause()).isEqualTo(DormantCause.DORMANT_CAUSE_NO_PEER);
    }

    @Test
    void delegate_peerThatCouldNotTakeCustody_isLeftOutWhenTheNodeRedecides() {
        Visit first = submit(alpha, created);

        // The custody transfer to beta-1 failed: the node re-decides on the object it still holds, without beta-1.
        Visit redecided = submit(alpha, first.object().object(), VisitInput.redecide(Set.of(BETA_1.nodeId())));

        assertThat(redecided.state().lifecycle()).isEqualTo(Lifecycle.DORMANT);
        assertThat(redecided.state().dormantCause()).isEqualTo(DormantCause.DORMANT_CAUSE_NO_PEER);
    }

    @Test
    void delegate_policyRefusingEveryPeer_rejects() {
        Engine guarded = TestMesh.engine(ALPHA_1, clock)
                .handlers(alphaOps)
                .peers(peer(BETA_1, "op.b"))
                .policies(Policies.of(
                        "stay-home",
                        e -> e.candidate() instanceof CandidateAction.Delegate d
                                        && !d.peer().trustDomain().equals(ALPHA_1.trustDomain())
                                ? Verdict.reject("no foreign custody")
                                : Verdict.permit()))
                .build();

        Visit visit = submit(guarded, created);

        assertThat(visit.state().terminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_REJECTED);
        Entry last = entries(visit.object().object()).get(1);
        assertThat(last.getAction()).isEqualTo(ACTION_TERMINATE);
        assertThat(last.getTerminate().getReason())
                .contains("no peer permitted for step 's2'")
                .contains("no foreign custody");
    }

    @Test
    void delegate_policyConstrainingToADomain_skipsPeersOutsideIt() {
        Engine constrained = TestMesh.engine(ALPHA_1, clock)
                .handlers(alphaOps)
                .peers(peer(BETA_1, "op.b"), peer(ALPHA_2, "op.b"))
                .policies(Policies.on(
                        "home-first",
                        ActionKind.DELEGATE,
                        Verdict.constrain("keep it home", io.mre.spi.Constraint.requireDomain(ALPHA_1.trustDomain()))))
                .build();

        Visit visit = submit(constrained, created);

        assertThat(visit.delegateTo()).contains(peer(ALPHA_2, "op.b"));
    }
}
