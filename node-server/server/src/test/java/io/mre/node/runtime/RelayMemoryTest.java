package io.mre.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import io.mre.engine.MreException;
import io.mre.errors.ErrorCode;
import io.mre.proto.v1.DelegateResponse;
import io.mre.proto.v1.NodeRef;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What a stateless node remembers of the heads it relayed: one run per head, answers kept for a while. */
class RelayMemoryTest {
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    private static final ByteString HEAD = ByteString.copyFromUtf8("head-1");

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-03T10:00:00Z"));
    private final InstantSource clock = now::get;
    private final RelayMemory memory = new RelayMemory(clock);
    private final AtomicInteger runs = new AtomicInteger();

    @Test
    void deliveryRepeatedWhileTheFirstJourneyRuns_waitsForItAndGetsItsAnswer() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<DelegateResponse> first =
                CompletableFuture.supplyAsync(() -> memory.once("o1", HEAD, (earlier, unsettled) -> {
                    runs.incrementAndGet();
                    started.countDown();
                    await(release);
                    return answer("first");
                }));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<DelegateResponse> second =
                CompletableFuture.supplyAsync(() -> memory.once("o1", HEAD, (earlier, unsettled) -> {
                    runs.incrementAndGet();
                    return answer("second");
                }));

        release.countDown();

        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(answer("first"));
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(answer("first"));
        assertThat(runs).as("one journey").hasValue(1);
    }

    @Test
    void deliveryRepeatedAfterTheJourneyEnded_getsTheSameAnswer_untilTheMemoryExpires() {
        memory.once("o1", HEAD, (earlier, unsettled) -> counted("first"));

        DelegateResponse again = memory.once("o1", HEAD, (earlier, unsettled) -> counted("second"));
        now.updateAndGet(t -> t.plus(RelayMemory.KEEP).plusSeconds(1));
        DelegateResponse afterExpiry = memory.once("o1", HEAD, (earlier, unsettled) -> counted("third"));

        assertThat(again).isEqualTo(answer("first"));
        assertThat(afterExpiry).as("forgotten after KEEP: run again").isEqualTo(answer("third"));
        assertThat(runs).hasValue(2);
    }

    @Test
    void journeyThatFailedBeforeAnythingLeft_isForgotten_andRunsAgain() {
        MreException failed = catchThrowableOfType(
                MreException.class,
                () -> memory.once("o1", HEAD, (earlier, unsettled) -> {
                    runs.incrementAndGet();
                    throw new MreException(ErrorCode.INTERNAL, "boom");
                }));

        DelegateResponse again = memory.once("o1", HEAD, (earlier, unsettled) -> counted("second"));

        assertThat(failed.getMessage()).isEqualTo("boom");
        assertThat(again).isEqualTo(answer("second"));
        assertThat(runs).hasValue(2);
        assertThat(memory.size()).isEqualTo(1);
    }

    @Test
    void unsettledHandOff_isGivenToTheNextDelivery_whichSettlesIt() {
        HandOff.Unsettled[] reported = new HandOff.Unsettled[1];
        MreException failed = catchThrowableOfType(
                MreException.class,
                () -> memory.once("o1", HEAD, (earlier, unsettled) -> {
                    assertThat(earlier).isEmpty();
                    reported[0] = unsettledMarker();
                    unsettled.accept(reported[0]);
                    throw new MreException(ErrorCode.PEER_UNAVAILABLE, "maybe delivered");
                }));
        AtomicReference<Object> seen = new AtomicReference<>();

        DelegateResponse settled = memory.once("o1", HEAD, (earlier, unsettled) -> {
            seen.set(earlier.orElseThrow());
            return answer("resent");
        });
        DelegateResponse third = memory.once("o1", HEAD, (earlier, unsettled) -> counted("third"));

        assertThat(failed.code()).isEqualTo(ErrorCode.PEER_UNAVAILABLE);
        assertThat(seen.get()).as("the same hand-off again").isSameAs(reported[0]);
        assertThat(settled).isEqualTo(answer("resent"));
        assertThat(third).as("answered from memory once settled").isEqualTo(answer("resent"));
        assertThat(runs).hasValue(0);
    }

    @Test
    void atMostMaxEntriesAreKept_oldestFirstOut() {
        for (int i = 0; i <= RelayMemory.MAX_ENTRIES; i++) {
            memory.once("o" + i, HEAD, (earlier, unsettled) -> answer("x"));
        }

        assertThat(memory.size()).isEqualTo(RelayMemory.MAX_ENTRIES);
        assertThat(memory.once("o0", HEAD, (earlier, unsettled) -> counted("again")))
                .as("the oldest was dropped")
                .isEqualTo(answer("again"));
    }

    private DelegateResponse counted(String name) {
        runs.incrementAndGet();
        return answer(name);
    }

    private static DelegateResponse answer(String name) {
        return DelegateResponse.newBuilder()
                .setReceiver(NodeRef.newBuilder().setNodeId(name))
                .build();
    }

    /** A real hand-off of a1's to b1 (s1 executed, then delegated). */
    private HandOff.Unsettled unsettledMarker() {
        try (CustodyMesh mesh = new CustodyMesh(dir)) {
            io.mre.engine.Engine a1 = mesh.engine(CustodyMesh.A1, "op.a", CustodyMesh.B1_PEER);
            io.mre.engine.Visit visit = a1.run(
                    a1.verify(mesh.object(CustodyMesh.step("s1", "op.a"), CustodyMesh.step("s2", "op.b"))),
                    io.mre.engine.VisitInput.NONE);
            return new HandOff.Unsettled(visit, CustodyMesh.B1_PEER);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
