package io.mre.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitterTest {
    private static final Duration NEVER = Duration.ofHours(1);

    /** What the writer was given: the batch and whether it had to sync it. */
    private record Written(List<String> ops, boolean sync) {}

    private final List<Written> written = new ArrayList<>();
    private final AtomicInteger syncs = new AtomicInteger();
    private final CountDownLatch firstWriteMayFinish = new CountDownLatch(1);
    private volatile boolean holdFirstWrite;
    private GroupCommitter<String> committer;

    private GroupCommitter<String> committer(Duration syncDelay) {
        committer = new GroupCommitter<>(
                "test-writer",
                (batch, sync) -> {
                    boolean first;
                    synchronized (written) {
                        first = written.isEmpty();
                        written.add(new Written(batch, sync));
                    }
                    if (first && holdFirstWrite) {
                        firstWriteMayFinish.await(10, TimeUnit.SECONDS);
                    }
                },
                syncs::incrementAndGet,
                syncDelay,
                1024,
                1L << 20);
        return committer;
    }

    private List<Written> written() {
        synchronized (written) {
            return List.copyOf(written);
        }
    }

    @AfterEach
    void close() {
        firstWriteMayFinish.countDown();
        if (committer != null) {
            committer.close();
        }
    }

    @Test
    void synced_isWrittenWithASync_andNeedsNoSeparateSync() {
        GroupCommitter<String> c = committer(Duration.ofMillis(1));

        c.submit("put a", 1).join();
        c.close();

        assertThat(written()).containsExactly(new Written(List.of("put a"), true));
        assertThat(syncs).hasValue(0);
        assertThat(c.syncs()).isZero();
    }

    @Test
    void unsynced_isWrittenWithoutSync_thenSyncedAloneWhenNoSyncedWriteFollowsWithinTheDelay() {
        GroupCommitter<String> c = committer(Duration.ofMillis(20));

        c.submitUnsynced("delete a", 1).join();

        assertThat(written()).containsExactly(new Written(List.of("delete a"), false));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(syncs).hasValue(1));
        assertThat(c.syncs()).isEqualTo(1);
        assertThat(c.batches()).isEqualTo(1);
    }

    @Test
    void unsynced_followedByASyncedWrite_isDurableWithIt_withoutASeparateSync() {
        GroupCommitter<String> c = committer(NEVER);

        c.submitUnsynced("delete a", 1).join();
        c.submit("put b", 1).join();
        c.close(); // close syncs what is still unsynced: nothing here

        assertThat(written())
                .containsExactly(new Written(List.of("delete a"), false), new Written(List.of("put b"), true));
        assertThat(syncs).hasValue(0);
    }

    @Test
    void close_syncsUnsyncedWrites() {
        GroupCommitter<String> c = committer(NEVER);

        c.submitUnsynced("delete a", 1).join();
        assertThat(syncs).hasValue(0);
        c.close();

        assertThat(syncs).hasValue(1);
        assertThat(written()).containsExactly(new Written(List.of("delete a"), false));
    }

    @Test
    void aBatchWithOneSyncedWrite_isSyncedWhole() {
        holdFirstWrite = true;
        GroupCommitter<String> c = committer(NEVER);
        CompletableFuture<Void> first = c.submit("put a", 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> written().size() == 1);

        // queued while the writer is busy: they go together in the next batch
        CompletableFuture<Void> delete = c.submitUnsynced("delete b", 1);
        CompletableFuture<Void> put = c.submit("put c", 1);
        firstWriteMayFinish.countDown();
        CompletableFuture.allOf(first, delete, put).join();
        c.close();

        assertThat(written())
                .containsExactly(new Written(List.of("put a"), true), new Written(List.of("delete b", "put c"), true));
        assertThat(syncs).hasValue(0);
    }

    @Test
    void aFailedBatch_failsItsFutures_andTheNextWritesStillRun() {
        AtomicInteger calls = new AtomicInteger();
        committer = new GroupCommitter<>(
                "test-writer",
                (batch, sync) -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("disk full");
                    }
                },
                syncs::incrementAndGet,
                NEVER,
                1024,
                1L << 20);

        assertThat(committer.submit("put a", 1))
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableThat()
                .withMessageContaining("disk full");
        assertThat(committer.submit("put b", 1)).succeedsWithin(Duration.ofSeconds(10));
        assertThat(committer.batches()).isEqualTo(1);
    }
}
