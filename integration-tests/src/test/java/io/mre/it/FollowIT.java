package io.mre.it;

import static io.mre.it.mesh.Plans.id;
import static io.mre.it.mesh.Plans.journey;
import static io.mre.it.mesh.Plans.object;
import static io.mre.it.mesh.Plans.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mre.client.Followed;
import io.mre.client.MreClient;
import io.mre.client.MreClientException;
import io.mre.it.mesh.MeshNode;
import io.mre.it.mesh.NodeOptions;
import io.mre.it.mesh.TestMesh;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.SubmitResponse;
import io.mre.proto.v1.TerminalStatus;
import io.mre.proto.v1.WatchMoved;
import io.mre.proto.v1.WatchResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client follows an object wherever it goes until it terminates, without polling: each node that hands the object
 * on tells its watchers where it went (WatchResponse.moved), also after the fact, so the client reaches the node
 * where the object ended — through a stateless node, and back to a node the object had already left.
 */
class FollowIT {
    private static final String ALPHA = "alpha.example";
    private static final String BETA = "beta.example";
    private static final String GAMMA = "gamma.example";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static TestMesh mesh;
    /** alpha, memory-aware (the demo's insurer): prepare, finish. */
    private static MeshNode a1;
    /** beta, memory-aware (the demo's bureau): work. */
    private static MeshNode b1;
    /** gamma, stateless (the demo's reinsurer): quote. */
    private static MeshNode s1;

    @BeforeAll
    static void startMesh() {
        mesh = TestMesh.create(dir, ALPHA, BETA, GAMMA);
        int a1Port = TestMesh.freePort();
        b1 = mesh.start(NodeOptions.of("b1", BETA).withHandlers("work").withPeers("127.0.0.1:" + a1Port));
        s1 = mesh.start(NodeOptions.of("s1", GAMMA)
                .asStateless()
                .withHandlers("score")
                .withPeers("127.0.0.1:" + a1Port, b1.address()));
        a1 = mesh.start(NodeOptions.of("a1", ALPHA)
                .withPort(a1Port)
                .withHandlers("prepare", "finish")
                .withPeers(b1, s1));
        mesh.awaitPeerFor(a1, "work");
        mesh.awaitPeerFor(a1, "score");
        mesh.awaitPeerFor(b1, "finish");
        mesh.awaitPeerFor(s1, "finish");
        mesh.awaitPeerFor(s1, "work");
    }

    @AfterAll
    static void stopMesh() {
        if (mesh != null) {
            mesh.close();
        }
    }

    private static MreClient client(MeshNode node) {
        MreClient c = MreClient.builder()
                .target(node.address())
                .tls(
                        mesh.clientKey(ALPHA).jdkPrivateKey(),
                        mesh.clientKey(ALPHA).jdkCertificateChain(),
                        mesh.trustBundle().anchors())
                .deadline(WAIT)
                .build();
        return c;
    }

    @Test
    void followsFastJourneysThereAndBackBetweenMemoryAwareNodes() throws Exception {
        try (MreClient client = client(a1)) {
            for (int i = 0; i < 20; i++) {
                ExecutableObject object =
                        object(ALPHA, step("p", "prepare", ALPHA), step("w", "work", BETA), step("f", "finish", ALPHA));
                SubmitResponse submitted = client.submit(object);
                long from = submitted.getObject().getMemory().getEntriesCount();
                List<Long> seqs = new CopyOnWriteArrayList<>();
                List<WatchMoved> moves = new CopyOnWriteArrayList<>();

                Followed end = client.followAsync(
                                id(object), from, r -> seqs.add(r.getDecoded().getSeq()), moves::add)
                        .get(WAIT.toSeconds(), TimeUnit.SECONDS);

                assertThat(end.status().getTerminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
                assertThat(end.address()).isEqualTo(a1.address());
                ExecutableObject last = client.get(id(object)).getObject();
                assertThat(journey(last))
                        .containsExactly(
                                "EXECUTE p a1@" + ALPHA,
                                "DELEGATE w a1@" + ALPHA,
                                "EXECUTE w b1@" + BETA,
                                "DELEGATE f b1@" + BETA,
                                "EXECUTE f a1@" + ALPHA,
                                "TERMINATE  a1@" + ALPHA);
                // Every entry after the submit's answer exactly once, in order, whichever nodes the watch passed.
                assertThat(seqs)
                        .containsExactlyElementsOf(
                                LongStream.range(from, last.getMemory().getEntriesCount())
                                        .boxed()
                                        .toList());
                assertThat(end.nextSeq()).isEqualTo(last.getMemory().getEntriesCount());
                // Moves, when the watch saw the object away, only ever point to where it went next.
                assertThat(moves).allSatisfy(m -> assertThat(m.getAddress()).isIn(a1.address(), b1.address()));
            }
        }
    }

    @Test
    void aWatcherArrivingAfterTheObjectLeftIsSentOnToWhereItEnded() throws Exception {
        ExecutableObject object =
                object(ALPHA, step("p", "prepare", ALPHA), step("w", "work", BETA), step("f", "finish", ALPHA));
        try (MreClient atA = client(a1);
                MreClient atB = client(b1)) {
            Followed done = atA.submitAndFollowAsync(object).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(done.status().getTerminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);

            // b1 passed the object back long ago and keeps no copy: it answers with where it went.
            List<Long> seqs = new CopyOnWriteArrayList<>();
            List<WatchMoved> moves = new CopyOnWriteArrayList<>();
            Followed late = atB.followAsync(
                            id(object), 0, r -> seqs.add(r.getDecoded().getSeq()), moves::add)
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(moves).singleElement().satisfies(m -> {
                assertThat(m.getAddress()).isEqualTo(a1.address());
                assertThat(m.getNode().getNodeId()).isEqualTo("a1");
                assertThat(m.getDelegateSeq()).isEqualTo(3); // b1's DELEGATE f
            });
            assertThat(late.address()).isEqualTo(a1.address());
            assertThat(seqs).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);

            // Watching a terminated object from past its end: its status alone, then the end of the stream.
            List<WatchResponse> tail = new ArrayList<>();
            atA.watch(id(object), 6).forEachRemaining(tail::add);
            assertThat(tail).singleElement().satisfies(r -> {
                assertThat(r.hasEntry()).isFalse();
                assertThat(r.getStatus().getTerminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
            });
        }
    }

    @Test
    void followsAPlanThroughTheStatelessNodeBackToTheMemoryAwareOne() throws Exception {
        // The demo's shape: the insurer hands the object to the stateless reinsurer, which hands it back.
        ExecutableObject object =
                object(ALPHA, step("p", "prepare", ALPHA), step("q", "score", GAMMA), step("f", "finish", ALPHA));
        try (MreClient client = client(a1)) {
            Followed end = client.submitAndFollowAsync(object).get(WAIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(end.status().getTerminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
            assertThat(end.address()).isEqualTo(a1.address());
            assertThat(journey(client.get(id(object)).getObject()))
                    .containsExactly(
                            "EXECUTE p a1@" + ALPHA,
                            "DELEGATE q a1@" + ALPHA,
                            "EXECUTE q s1@" + GAMMA,
                            "DELEGATE f s1@" + GAMMA,
                            "EXECUTE f a1@" + ALPHA,
                            "TERMINATE  a1@" + ALPHA);
        }
    }

    @Test
    void followsAPlanThroughTheStatelessNodeToTheNodeThatKeepsIt() throws Exception {
        ExecutableObject object =
                object(ALPHA, step("p", "prepare", ALPHA), step("q", "score", GAMMA), step("w", "work", BETA));
        try (MreClient client = client(a1)) {
            List<WatchMoved> moves = new CopyOnWriteArrayList<>();
            SubmitResponse submitted = client.submit(object);
            Followed end = client.followAsync(
                            id(object), submitted.getObject().getMemory().getEntriesCount(), r -> {}, moves::add)
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(end.status().getTerminalStatus()).isEqualTo(TerminalStatus.TERMINAL_STATUS_COMPLETED);
            assertThat(end.address()).isEqualTo(b1.address());
            // a1 says it went to the stateless s1, which says where it went on: b1.
            assertThat(moves).extracting(WatchMoved::getAddress).containsExactly(s1.address(), b1.address());
        }
    }

    @Test
    void anObjectNoNodeAccountsForFailsWithTheNodesAnswer() {
        ExecutableObject never = object(ALPHA, step("p", "prepare", ALPHA));
        try (MreClient client = client(b1)) {
            CompletableFuture<Followed> f = client.followAsync(id(never), 0, r -> {}, m -> {});

            ExecutionException e = catchThrowableOfType(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
            assertThat(e.getCause())
                    .isInstanceOfSatisfying(
                            MreClientException.class,
                            m -> assertThat(m.reason()).isEqualTo("OBJECT_NOT_FOUND"));
        }
    }
}
