package io.mre.engine;

import static io.mre.engine.fixtures.TestMesh.ALPHA_1;
import static io.mre.engine.fixtures.TestMesh.BETA_1;
import static io.mre.engine.fixtures.TestMesh.create;
import static io.mre.engine.fixtures.TestMesh.entries;
import static io.mre.engine.fixtures.TestMesh.peer;
import static io.mre.engine.fixtures.TestMesh.plan;
import static io.mre.engine.fixtures.TestMesh.step;
import static io.mre.engine.fixtures.TestMesh.submit;
import static org.assertj.core.api.Assertions.assertThat;

import io.mre.engine.fixtures.FakeClock;
import io.mre.engine.fixtures.RecordingHandler;
import io.mre.engine.fixtures.TestMesh;
import io.mre.engine.time.Timestamps;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.DormantCause;
import io.mre.proto.v1.DormantDetail;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.TerminalStatus;
import io.mre.spi.Lifecycle;
import io.mre.spi.PeerView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A step no known node can run: the node first asks the peers that have not described themselves yet, and while
 * none can take the step its retries back off (doubling up to a cap), so a long outage costs few entries.
 */
class NoPeerRetryTest {
    private static final Duration FIRST = Duration.ofSeconds(5);
    private static final Duration CAP = Duration.ofMinutes(15);

    private final FakeClock clock = new FakeClock();
    private final RecordingHandler alphaOps = RecordingHandler.noop("op.a");
    private final ExecutableObject created =
            create(plan(step("s1", "op.a"), step("s2", "op.b"), step("s3", "op.a")), clock);

    /** A directory whose only peer describes itself when asked, as a peer JVM that started after this node. */
    private static final class LateDirectory implements PeerDirectory {
        final AtomicInteger asked = new AtomicInteger();
        final boolean answers;

        LateDirectory(boolean answers) {
            this.answers = answers;
        }

        @Override
        public List<PeerView> peers() {
            return asked.get() > 0 && answers ? List.of(peer(BETA_1, "op.b")) : List.of();
        }

        @Override
        public void refreshUndescribed() {
            asked.incrementAndGet();
        }
    }

    @Test
    void noPeer_configuredPeerNotDescribedYet_isAskedAndTakesTheStepInsteadOfADormancy() {
        LateDirectory directory = new LateDirectory(true);
        Engine alpha = TestMesh.engine(ALPHA_1, clock)
                .handlers(alphaOps)
                .directory(directory)
                .build();

        Visit visit = submit(alpha, created);

        assertThat(directory.asked).hasValue(1);
        assertThat(visit.exit()).isEqualTo(Visit.Exit.DELEGATED);
        assertThat(visit.delegateTo()).contains(peer(BETA_1, "op.b"));
        assertThat(entries(visit.object().object()))
                .extracting(Entry::getAction)
                .containsExactly(Action.ACTION_EXECUTE, Action.ACTION_DELEGATE);
    }

    @Test
    void noPeer_peerStillSilentAfterBeingAsked_goesDormantHavingAskedOncePerVisit() {
        LateDirectory directory = new LateDirectory(false);
        Engine alpha = TestMesh.engine(ALPHA_1, clock)
                .handlers(alphaOps)
                .directory(directory)
                .noPeerRetryDelay(FIRST)
                .build();

        Visit visit = submit(alpha, created);

        assertThat(directory.asked).hasValue(1);
        assertThat(visit.exit()).isEqualTo(Visit.Exit.DORMANT);
        assertThat(visit.state().dormantCause()).isEqualTo(DormantCause.DORMANT_CAUSE_NO_PEER);
        Entry dormant = entries(visit.object().object()).getLast();
        assertThat(dormant.getDormant().getReason()).isEqualTo("no reachable node can run 's2' (op.b); retry in PT5S");
    }

    @Test
    void noPeer_dayLongOutageOfTheOnlyCapablePeer_backsOffToTheCapAndAddsAFewHundredEntries() {
        Engine alpha = TestMesh.engine(ALPHA_1, clock)
                .handlers(alphaOps)
                .peers(peer(BETA_1, "op.b"))
                .noPeerRetryDelay(FIRST)
                .noPeerRetryMax(CAP)
                .defaultMaxHops(1_000_000)
                .build();
        Instant outageEnds = clock.instant().plus(Duration.ofHours(24));
        List<Duration> waits = new ArrayList<>();

        Visit visit = submit(alpha, created);
        while (clock.instant().isBefore(outageEnds)) {
            assertThat(visit.exit()).isEqualTo(Visit.Exit.DELEGATED);
            // beta-1 is down: the hand-off fails and the node re-decides without it, as NodeRuntime does
            visit = submit(alpha, visit.object().object(), VisitInput.redecide(Set.of(BETA_1.nodeId())));
            assertThat(visit.state().lifecycle()).isEqualTo(Lifecycle.DORMANT);
            assertThat(visit.state().dormantCause()).isEqualTo(DormantCause.DORMANT_CAUSE_NO_PEER);
            Instant at = Timestamps.toInstant(visit.state().pending().getFirst().getAt());
            waits.add(Duration.between(clock.instant(), at));
            clock.advance(Duration.between(clock.instant(), at));
            visit = submit(alpha, visit.object().object()); // the timer fires: REENTER, then DELEGATE again
        }
        // (the hop limit is lifted: hops counting failed hand-offs is another change's subject)
        // beta-1 is back: it takes custody and finishes its step; the object comes home and completes
        Engine beta = TestMesh.engine(BETA_1, clock)
                .handlers(RecordingHandler.noop("op.b"))
                .peers(peer(ALPHA_1, "op.a"))
                .defaultMaxHops(1_000_000)
                .build();
        Visit atBeta = submit(beta, visit.object().object());
        Visit home = submit(alpha, atBeta.object().object());

        assertThat(home.state().terminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
        assertThat(waits.getFirst()).isEqualTo(FIRST);
        assertThat(waits.subList(0, 5))
                .containsExactly(
                        FIRST,
                        FIRST.multipliedBy(2),
                        FIRST.multipliedBy(4),
                        FIRST.multipliedBy(8),
                        FIRST.multipliedBy(16));
        assertThat(waits).allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(CAP));
        assertThat(waits.getLast()).isEqualTo(CAP);
        int entries = home.object().object().getMemory().getEntriesCount();
        System.out.printf(
                "no-peer backoff: 24 h outage, %d retries, %d entries in all (first wait %s, cap %s)%n",
                waits.size(), entries, FIRST, CAP);
        assertThat(waits.size()).isLessThan(110);
        assertThat(entries).isLessThan(350);
    }

    @Test
    void noPeerWait_runBrokenByAnotherEntry_startsAgainFromTheFirstWait() {
        Entry noPeer = Entry.newBuilder()
                .setAction(Action.ACTION_DORMANT)
                .setStepId("s2")
                .setDormant(DormantDetail.newBuilder().setCause(DormantCause.DORMANT_CAUSE_NO_PEER))
                .build();
        Entry reenter = Entry.newBuilder()
                .setAction(Action.ACTION_REENTER)
                .setStepId("s2")
                .build();
        Entry delegate = Entry.newBuilder()
                .setAction(Action.ACTION_DELEGATE)
                .setStepId("s2")
                .build();
        Entry executed = Entry.newBuilder()
                .setAction(Action.ACTION_EXECUTE)
                .setStepId("s1")
                .build();
        Entry deferred = Entry.newBuilder()
                .setAction(Action.ACTION_DORMANT)
                .setStepId("s2")
                .setDormant(DormantDetail.newBuilder().setCause(DormantCause.DORMANT_CAUSE_DEFER))
                .build();

        assertThat(Decider.noPeerWait(List.of(executed), "s2", FIRST, CAP)).isEqualTo(FIRST);
        assertThat(Decider.noPeerWait(List.of(executed, delegate, noPeer, reenter, delegate), "s2", FIRST, CAP))
                .isEqualTo(FIRST.multipliedBy(2));
        assertThat(Decider.noPeerWait(List.of(noPeer, reenter, deferred, reenter, delegate), "s2", FIRST, CAP))
                .as("a deferral in between breaks the run")
                .isEqualTo(FIRST);
        assertThat(Decider.noPeerWait(List.of(noPeer, reenter, noPeer, reenter), "s3", FIRST, CAP))
                .as("another step's run does not count")
                .isEqualTo(FIRST);
        assertThat(Decider.noPeerWait(
                        List.of(noPeer, noPeer, noPeer, noPeer, noPeer, noPeer, noPeer, noPeer, noPeer),
                        "s2",
                        FIRST,
                        CAP))
                .isEqualTo(CAP);
        assertThat(Decider.noPeerWait(List.of(noPeer), "s2", Duration.ofHours(1), CAP))
                .as("a first wait above the cap is cut to the cap")
                .isEqualTo(CAP);
    }
}
