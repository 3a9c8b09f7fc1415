package io.mre.node.runtime;

import static io.mre.node.runtime.CustodyMesh.A1;
import static io.mre.node.runtime.CustodyMesh.B1_PEER;
import static io.mre.node.runtime.CustodyMesh.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.mre.engine.Engine;
import io.mre.engine.Visit;
import io.mre.engine.VisitInput;
import io.mre.engine.codec.Digests;
import io.mre.engine.time.Timestamps;
import io.mre.node.store.RocksDbParkedObjectStore;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.ReentryCondition;
import io.mre.spi.Lifecycle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The typed parked-object repository, and the parts that read only its statuses: recovery arms timers and the
 * retention sweeper drops terminated objects without decoding an object (the tests park unreadable bytes to show
 * it), while an object parked without a status (by an older node) is decoded instead.
 */
class ParkedObjectsTest {
    private static final byte[] NOT_AN_OBJECT = "not an object".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private CustodyMesh mesh;
    private Engine engine;
    private RocksDbParkedObjectStore store;
    private ParkedObjects parked;
    private ReentryScheduler scheduler;

    @BeforeEach
    void setUp() {
        mesh = new CustodyMesh(dir);
        engine = mesh.engine(A1, "op.a", B1_PEER);
        store = mesh.store("a1");
        parked = new ParkedObjects(store, engine);
        scheduler = new ReentryScheduler(mesh.clock, id -> {});
    }

    @AfterEach
    void tearDown() throws Exception {
        scheduler.close();
        mesh.close();
    }

    @Test
    void park_keepsTheStatusBesideTheObject() {
        Visit dormant = dormantForAnHour();

        parked.park(dormant.object(), dormant.state());

        assertThat(parked.status(dormant.object().objectId()))
                .hasValue(new ParkedStatus(
                        Lifecycle.DORMANT, Optional.of(mesh.now.get().plus(Duration.ofHours(1))), Optional.empty()));
        assertThat(parked.load(dormant.object().objectId())).hasValueSatisfying(v -> {
            assertThat(v.object()).isEqualTo(dormant.object().object());
            assertThat(v.headHash()).isEqualTo(dormant.object().headHash());
        });
    }

    @Test
    void delete_dropsTheBytesAtOnce_withoutASyncOnItsPath_thenTheStoreSyncsItAlone() {
        Visit dormant = dormantForAnHour();
        parked.park(dormant.object(), dormant.state());
        String id = dormant.object().objectId();
        assertThat(store.separateSyncs()).isZero();

        parked.delete(id);

        assertThat(store.get(id)).isEmpty();
        assertThat(parked.isHead(id, dormant.object().headHash())).isTrue(); // the head stays
        // Written unsynced (a synced delete would need no sync of its own): with no synced write after it, the store
        // syncs it alone shortly after.
        await().atMost(Duration.ofSeconds(10)).until(() -> store.separateSyncs() == 1);
    }

    @Test
    void recover_armsTimersFromStatusesWithoutDecodingAnObject() {
        Instant at = mesh.now.get().plus(Duration.ofHours(1));
        store.put(
                        "dormant",
                        NOT_AN_OBJECT,
                        new byte[] {1},
                        new ParkedStatus(Lifecycle.DORMANT, Optional.of(at), Optional.empty()).encode())
                .join();
        store.put(
                        "ended",
                        NOT_AN_OBJECT,
                        new byte[] {2},
                        new ParkedStatus(Lifecycle.TERMINATED, Optional.empty(), Optional.of(at)).encode())
                .join();

        int found = new Recovery(parked, scheduler).recover();

        assertThat(found).isEqualTo(2);
        assertThat(scheduler.armed()).as("the dormant one's timer").isEqualTo(1);
    }

    @Test
    void recover_objectParkedWithoutAStatus_isDecodedInstead() {
        Visit dormant = dormantForAnHour();
        store.put(
                        dormant.object().objectId(),
                        dormant.object().object().toByteArray(),
                        dormant.object().headHash().toByteArray())
                .join(); // as a node before statuses wrote it

        int found = new Recovery(parked, scheduler).recover();

        assertThat(found).isEqualTo(1);
        assertThat(scheduler.armed()).isEqualTo(1);
    }

    @Test
    void dropTerminated_findsExpiredObjectsByStatusAndKeepsTheirHeads() {
        Instant now = mesh.now.get();
        store.put(
                        "old",
                        NOT_AN_OBJECT,
                        new byte[] {1},
                        new ParkedStatus(
                                        Lifecycle.TERMINATED,
                                        Optional.empty(),
                                        Optional.of(now.minus(Duration.ofHours(2))))
                                .encode())
                .join();
        store.put(
                        "recent",
                        NOT_AN_OBJECT,
                        new byte[] {2},
                        new ParkedStatus(
                                        Lifecycle.TERMINATED,
                                        Optional.empty(),
                                        Optional.of(now.minus(Duration.ofMinutes(30))))
                                .encode())
                .join();
        store.put(
                        "dormant",
                        NOT_AN_OBJECT,
                        new byte[] {3},
                        new ParkedStatus(Lifecycle.DORMANT, Optional.empty(), Optional.empty()).encode())
                .join();
        RetentionSweeper sweeper = new RetentionSweeper(
                parked, new VisitGate("a1", new RuntimeSettings(Duration.ofSeconds(5), 4)), scheduler, mesh.clock);

        int dropped = sweeper.dropTerminated(Duration.ofHours(1));

        assertThat(dropped).isEqualTo(1);
        Map<String, byte[]> left = new LinkedHashMap<>();
        store.forEach(left::put);
        assertThat(left).containsOnlyKeys("recent", "dormant");
        assertThat(store.head("old"))
                .as("its head stays for late re-deliveries")
                .isPresent();
    }

    @Test
    void historyContains_anEarlierEntryOfTheParkedHistoryByItsChainedHash() {
        Visit dormant = dormantForAnHour();
        parked.park(dormant.object(), dormant.state());
        String id = dormant.object().objectId();
        ExecutableObject object = dormant.object().object();
        ByteString first =
                ByteString.copyFrom(Digests.entryHash(object.getMemory().getEntries(0)));

        assertThat(parked.historyContains(id, first)).isTrue();
        assertThat(parked.historyContains(id, ByteString.copyFrom(new byte[32])))
                .isFalse();
        parked.delete(id);
        assertThat(parked.historyContains(id, first)).as("only while parked").isFalse();
    }

    /** An object that ran s1 here and waits an hour before s2. */
    private Visit dormantForAnHour() {
        ExecutableObject object = mesh.object(
                step("s1", "op.a"),
                step("s2", "op.a").toBuilder()
                        .setAwaitCondition(
                                ReentryCondition.newBuilder().setAfter(Timestamps.toProto(Duration.ofHours(1))))
                        .build());
        Visit visit = engine.run(engine.verify(object), VisitInput.NONE);
        assertThat(visit.exit()).isEqualTo(Visit.Exit.DORMANT);
        return visit;
    }
}
