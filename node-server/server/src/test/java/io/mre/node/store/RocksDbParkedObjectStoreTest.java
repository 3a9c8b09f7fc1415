package io.mre.node.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbParkedObjectStoreTest {
    @TempDir
    Path dir;

    private RocksDbParkedObjectStore store;

    @BeforeEach
    void open() {
        store = RocksDbParkedObjectStore.open(dir.resolve("data"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void put_thenGetReturnsBytesAndHead() {
        store.put("01J-a", bytes("object a"), bytes("head a1")).join();

        assertThat(store.get("01J-a"))
                .hasValueSatisfying(b -> assertThat(text(b)).isEqualTo("object a"));
        assertThat(store.head("01J-a"))
                .hasValueSatisfying(b -> assertThat(text(b)).isEqualTo("head a1"));
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void get_unknownIdIsEmpty() {
        assertThat(store.get("nobody")).isEmpty();
        assertThat(store.head("nobody")).isEmpty();
    }

    @Test
    void put_copiesItsArguments() {
        byte[] object = bytes("object a");
        store.put("a", object, bytes("h")).join();
        object[0] = 'X';

        assertThat(store.get("a")).hasValueSatisfying(b -> assertThat(text(b)).isEqualTo("object a"));
    }

    @Test
    void delete_removesObjectButKeepsHead() {
        store.put("a", bytes("object a"), bytes("head a2")).join();

        store.delete("a").join();

        assertThat(store.get("a")).isEmpty();
        assertThat(store.head("a")).hasValueSatisfying(b -> assertThat(text(b)).isEqualTo("head a2"));
        assertThat(store.count()).isZero();
    }

    @Test
    void deleteUnsynced_removesObjectAtOnce_keepsHead_andSurvivesAReopen() {
        store.put("a", bytes("object a"), bytes("head a2")).join();

        store.deleteUnsynced("a").join();

        assertThat(store.get("a")).isEmpty();
        assertThat(store.status("a")).isEmpty();
        assertThat(store.head("a")).hasValueSatisfying(b -> assertThat(text(b)).isEqualTo("head a2"));
        assertThat(store.count()).isZero();
        store.close();
        store = RocksDbParkedObjectStore.open(dir.resolve("data"));
        assertThat(store.get("a")).isEmpty();
        assertThat(store.head("a")).hasValueSatisfying(b -> assertThat(text(b)).isEqualTo("head a2"));
        assertThat(store.count()).isZero();
    }

    @Test
    void putAccepted_remembersTheAcceptedHeadAfterTheObjectMovedOnAndAcrossRestarts() {
        store.putAccepted("01J-a", bytes("object a at b1"), bytes("head a-delegated-to-b1"))
                .join();
        store.put("01J-a", bytes("object a, b1 delegated it on"), bytes("head a-delegated-to-c1"))
                .join();
        store.delete("01J-a").join();
        store.close();
        store = RocksDbParkedObjectStore.open(dir.resolve("data"));

        assertThat(store.wasAccepted("01J-a", bytes("head a-delegated-to-b1"))).isTrue();
        assertThat(store.wasAccepted("01J-a", bytes("head a-delegated-to-c1")))
                .as("a head parked after a visit here was never accepted from a peer")
                .isFalse();
        assertThat(store.wasAccepted("01J-b", bytes("head a-delegated-to-b1")))
                .as("another object")
                .isFalse();
        assertThat(store.head("01J-a"))
                .hasValueSatisfying(b -> assertThat(text(b)).isEqualTo("head a-delegated-to-c1"));
        assertThat(store.count()).isZero();
    }

    @Test
    void count_followsNewObjectsReplacementsAndDeletes() {
        store.put("a", bytes("1"), bytes("h1")).join();
        store.put("a", bytes("2"), bytes("h2")).join();
        store.put("b", bytes("1"), bytes("h1")).join();
        assertThat(store.count()).isEqualTo(2);

        store.delete("a").join();
        store.delete("a").join();
        store.delete("never-parked").join();

        assertThat(store.count()).isEqualTo(1);
        assertThat(store.head("a")).hasValueSatisfying(b -> assertThat(text(b)).isEqualTo("h2"));
    }

    @Test
    void reopen_keepsObjectsHeadsAndCount() {
        store.put("a", bytes("object a"), bytes("head a")).join();
        store.put("b", bytes("object b"), bytes("head b")).join();
        store.delete("b").join();
        store.close();

        store = RocksDbParkedObjectStore.open(dir.resolve("data"));

        assertThat(store.get("a")).hasValueSatisfying(b -> assertThat(text(b)).isEqualTo("object a"));
        assertThat(store.get("b")).isEmpty();
        assertThat(store.head("b")).hasValueSatisfying(b -> assertThat(text(b)).isEqualTo("head b"));
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void forEach_afterReopenVisitsEveryParkedObject() {
        for (int i = 0; i < 20; i++) {
            store.put("obj-" + i, bytes("bytes " + i), bytes("h" + i)).join();
        }
        store.delete("obj-7").join();
        store.close();
        store = RocksDbParkedObjectStore.open(dir.resolve("data"));

        Map<String, String> seen = new TreeMap<>();
        store.forEach((id, b) -> seen.put(id, text(b)));

        assertThat(seen).hasSize(19).doesNotContainKey("obj-7").containsEntry("obj-12", "bytes 12");
    }

    @Test
    void concurrentPuts_areAllDurableAndGroupedIntoFewerBatches() throws Exception {
        int writers = 32;
        int perWriter = 40;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                int writer = w;
                all.add(CompletableFuture.runAsync(
                        () -> {
                            // Each writer waits for its own write, as a custody transfer does before acknowledging.
                            for (int i = 0; i < perWriter; i++) {
                                store.put("w" + writer + "-" + i, bytes("object " + writer + "/" + i), bytes("head"))
                                        .join();
                            }
                        },
                        pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        int puts = writers * perWriter;
        assertThat(store.writesCommitted()).isEqualTo(puts);
        assertThat(store.batchesWritten()).isLessThan(puts);
        assertThat(store.count()).isEqualTo(puts);

        store.close();
        store = RocksDbParkedObjectStore.open(dir.resolve("data"));
        assertThat(store.count()).isEqualTo(puts);
        assertThat(store.get("w31-39"))
                .hasValueSatisfying(b -> assertThat(text(b)).isEqualTo("object 31/39"));
    }

    @Test
    void close_completesWritesAlreadyQueued() {
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            pending.add(store.put("q" + i, bytes("v" + i), bytes("h")));
        }

        store.close();

        assertThat(pending).allSatisfy(f -> assertThat(f).isCompleted().isNotCompletedExceptionally());
        store = RocksDbParkedObjectStore.open(dir.resolve("data"));
        assertThat(store.count()).isEqualTo(200);
    }

    @Test
    void closedStore_refusesReadsAndWrites() {
        store.close();

        assertThatThrownBy(() -> store.put("a", bytes("x"), bytes("h")).join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.get("a")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.forEach((id, b) -> {})).isInstanceOf(IllegalStateException.class);
        assertThat(store.approximateSizeBytes()).isZero();
    }

    @Test
    void approximateSize_growsWithData() {
        long empty = store.approximateSizeBytes();

        store.put("big", new byte[256 * 1024], bytes("h")).join();

        assertThat(store.approximateSizeBytes()).isGreaterThan(empty);
    }

    @Test
    void put_emptyIdIsRefused() {
        assertThatThrownBy(() -> store.put("", bytes("x"), bytes("h")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("objectId is empty");
    }

    @Test
    void put_keepsTheStatusBesideTheObjectAndDeleteDropsIt() {
        store.put("a", bytes("object a"), bytes("h1"), bytes("status a")).join();
        store.put("b", bytes("object b"), bytes("h2")).join();

        Map<String, String> statuses = new TreeMap<>();
        store.forEachStatus((id, status) -> statuses.put(id, text(status)));
        assertThat(statuses).containsExactly(Map.entry("a", "status a"), Map.entry("b", ""));
        assertThat(store.status("a"))
                .hasValueSatisfying(s -> assertThat(text(s)).isEqualTo("status a"));

        store.delete("a").join();
        assertThat(store.status("a")).isEmpty();
        statuses.clear();
        store.forEachStatus((id, status) -> statuses.put(id, text(status)));
        assertThat(statuses).containsOnlyKeys("b");
    }

    @Test
    void open_storeWrittenBeforeStatuses_listsItsObjectsWithNoStatus() throws Exception {
        Path old = dir.resolve("old");
        java.nio.file.Files.createDirectories(old);
        org.rocksdb.RocksDB.loadLibrary();
        List<org.rocksdb.ColumnFamilyDescriptor> families = new ArrayList<>();
        for (String name : List.of("default", "objects", "heads", "meta", "accepted")) {
            families.add(new org.rocksdb.ColumnFamilyDescriptor(bytes(name)));
        }
        List<org.rocksdb.ColumnFamilyHandle> handles = new ArrayList<>();
        try (org.rocksdb.DBOptions options =
                        new org.rocksdb.DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
                org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(options, old.toString(), families, handles)) {
            db.put(handles.get(1), bytes("a"), bytes("object a"));
            db.put(handles.get(2), bytes("a"), bytes("head a"));
            handles.forEach(org.rocksdb.ColumnFamilyHandle::close);
        }

        try (RocksDbParkedObjectStore upgraded = RocksDbParkedObjectStore.open(old)) {
            Map<String, byte[]> statuses = new TreeMap<>();
            upgraded.forEachStatus(statuses::put);

            assertThat(statuses).containsOnlyKeys("a");
            assertThat(statuses.get("a")).isEqualTo(ParkedObjectStore.NO_STATUS);
            assertThat(upgraded.get("a"))
                    .hasValueSatisfying(b -> assertThat(text(b)).isEqualTo("object a"));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, UTF_8);
    }
}
