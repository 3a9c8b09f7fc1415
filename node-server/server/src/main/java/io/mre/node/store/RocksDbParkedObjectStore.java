package io.mre.node.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.mre.engine.MreException;
import io.mre.errors.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory-aware node's store: RocksDB under the data folder, one column family for object bytes, one for
 * last heads, one for the heads accepted in custody transfers (key: id length, id, head; no value), one for each
 * parked object's short status (written with its bytes, so scans at start-up and for retention read no object;
 * format in docs/operating-a-node.md), and one for the object count (kept exact in the same atomic batch as the writes, so {@link #count()}
 * costs nothing and survives restarts). Writes go through a {@link GroupCommitter}: concurrent puts and deletes
 * share one synced {@code WriteBatch}; an unsynced delete is synced with the next synced write, or alone within
 * {@link #UNSYNCED_SYNC_DELAY}.
 */
public final class RocksDbParkedObjectStore implements ParkedObjectStore {
    private static final Logger log = LoggerFactory.getLogger(RocksDbParkedObjectStore.class);
    private static final byte[] COUNT_KEY = "objects.count".getBytes(UTF_8);
    private static final byte[] STATUS_FAMILY = "status".getBytes(UTF_8);
    private static final int MAX_BATCH_OPS = 1024;
    private static final long MAX_BATCH_BYTES = 64L << 20;
    /** How long an unsynced write (a delete after a hand-off) waits for a synced one before it is synced alone. */
    static final Duration UNSYNCED_SYNC_DELAY = Duration.ofMillis(100);

    private sealed interface Write {
        String objectId();
    }

    private record Put(String objectId, byte[] bytes, byte[] head, byte[] status, boolean accepted) implements Write {}

    private record Delete(String objectId) implements Write {}

    private final Path directory;
    private final RocksDB db;
    private final DBOptions dbOptions;
    private final List<ColumnFamilyOptions> cfOptions;
    private final BloomFilter filter;
    private final List<ColumnFamilyHandle> handles;
    private final ColumnFamilyHandle objects;
    private final ColumnFamilyHandle heads;
    private final ColumnFamilyHandle meta;
    private final ColumnFamilyHandle accepted;
    private final ColumnFamilyHandle statuses;
    private final WriteOptions syncWrites;
    private final WriteOptions unsyncedWrites;
    private final GroupCommitter<Write> committer;
    // Reads hold the read lock so close() never frees native handles under a running get or scan.
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile boolean closed;
    // Written only by the committer thread; read by anyone.
    private volatile long count;

    private RocksDbParkedObjectStore(
            Path directory,
            RocksDB db,
            DBOptions dbOptions,
            List<ColumnFamilyOptions> cfOptions,
            BloomFilter filter,
            List<ColumnFamilyHandle> handles)
            throws RocksDBException {
        this.directory = directory;
        this.filter = filter;
        this.db = db;
        this.dbOptions = dbOptions;
        this.cfOptions = cfOptions;
        this.handles = handles;
        this.objects = handles.get(1);
        this.heads = handles.get(2);
        this.meta = handles.get(3);
        this.accepted = handles.get(4);
        this.statuses = handles.get(5);
        this.syncWrites = new WriteOptions().setSync(true);
        this.unsyncedWrites = new WriteOptions().setSync(false);
        this.count = loadCount();
        this.committer = new GroupCommitter<>(
                "parked-store-writer",
                this::writeBatch,
                db::syncWal,
                UNSYNCED_SYNC_DELAY,
                MAX_BATCH_OPS,
                MAX_BATCH_BYTES);
    }

    /** Opens (creating if needed) the store in {@code directory}. */
    public static RocksDbParkedObjectStore open(Path directory) {
        requireNonNull(directory, "directory is null");
        RocksDB.loadLibrary();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + directory, e);
        }
        DBOptions dbOptions = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setKeepLogFileNum(3);
        // One filter shared by both column families; RocksJava leaves it to us to free it after the database.
        BloomFilter filter = new BloomFilter(10);
        List<ColumnFamilyOptions> cfOptions = List.of(
                new ColumnFamilyOptions(),
                objectOptions(filter),
                pointLookupOptions(filter),
                new ColumnFamilyOptions(),
                pointLookupOptions(filter),
                new ColumnFamilyOptions());
        List<ColumnFamilyDescriptor> descriptors = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions.get(0)),
                new ColumnFamilyDescriptor("objects".getBytes(UTF_8), cfOptions.get(1)),
                new ColumnFamilyDescriptor("heads".getBytes(UTF_8), cfOptions.get(2)),
                new ColumnFamilyDescriptor("meta".getBytes(UTF_8), cfOptions.get(3)),
                new ColumnFamilyDescriptor("accepted".getBytes(UTF_8), cfOptions.get(4)),
                new ColumnFamilyDescriptor(STATUS_FAMILY, cfOptions.get(5)));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            boolean statusesMissing = StatusUpgrade.needed(directory, STATUS_FAMILY);
            RocksDB db = RocksDB.open(dbOptions, directory.toString(), descriptors, handles);
            RocksDbParkedObjectStore store =
                    new RocksDbParkedObjectStore(directory, db, dbOptions, cfOptions, filter, List.copyOf(handles));
            if (statusesMissing) {
                long marked = StatusUpgrade.markUnknown(db, handles.get(1), handles.get(5));
                log.info(
                        "parked-object store at {}: {} object(s) parked before statuses were kept marked as unknown",
                        directory,
                        marked);
            }
            log.info("parked-object store open at {} ({} parked objects)", directory, store.count);
            return store;
        } catch (RocksDBException e) {
            handles.forEach(ColumnFamilyHandle::close);
            cfOptions.forEach(ColumnFamilyOptions::close);
            filter.close();
            dbOptions.close();
            throw new UncheckedIOException(
                    new IOException("cannot open the parked-object store at " + directory + ": " + e.getMessage(), e));
        }
    }

    private static ColumnFamilyOptions objectOptions(BloomFilter filter) {
        // Objects are protobuf with text and JSON-like fields around the hashes; LZ4 is nearly free to decode.
        return pointLookupOptions(filter).setCompressionType(CompressionType.LZ4_COMPRESSION);
    }

    private static ColumnFamilyOptions pointLookupOptions(BloomFilter filter) {
        // A Bloom filter makes "is this id new?" (every custody transfer asks) cheap when it is.
        return new ColumnFamilyOptions().setTableFormatConfig(new BlockBasedTableConfig().setFilterPolicy(filter));
    }

    @Override
    public CompletableFuture<Void> put(String objectId, byte[] objectBytes, byte[] headHash, byte[] status) {
        return put(objectId, objectBytes, headHash, status, false);
    }

    @Override
    public CompletableFuture<Void> putAccepted(String objectId, byte[] objectBytes, byte[] headHash, byte[] status) {
        return put(objectId, objectBytes, headHash, status, true);
    }

    private CompletableFuture<Void> put(
            String objectId, byte[] objectBytes, byte[] headHash, byte[] status, boolean accepted) {
        requireId(objectId);
        requireNonNull(objectBytes, "objectBytes is null");
        requireNonNull(headHash, "headHash is null");
        requireNonNull(status, "status is null");
        return committer.submit(
                new Put(objectId, objectBytes.clone(), headHash.clone(), status.clone(), accepted),
                objectBytes.length + status.length + (accepted ? 2L : 1L) * headHash.length);
    }

    @Override
    public boolean wasAccepted(String objectId, byte[] headHash) {
        requireNonNull(headHash, "headHash is null");
        byte[] key = acceptedKey(requireId(objectId), headHash);
        lifecycle.readLock().lock();
        try {
            checkOpen();
            return db.get(accepted, key) != null;
        } catch (RocksDBException e) {
            throw failure("read", e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private static byte[] acceptedKey(String objectId, byte[] headHash) {
        byte[] id = objectId.getBytes(UTF_8);
        return ByteBuffer.allocate(Integer.BYTES + id.length + headHash.length)
                .putInt(id.length)
                .put(id)
                .put(headHash)
                .array();
    }

    @Override
    public Optional<byte[]> get(String objectId) {
        return read(objects, requireId(objectId));
    }

    @Override
    public Optional<byte[]> status(String objectId) {
        return read(statuses, requireId(objectId));
    }

    @Override
    public Optional<byte[]> head(String objectId) {
        return read(heads, requireId(objectId));
    }

    @Override
    public CompletableFuture<Void> delete(String objectId) {
        return committer.submit(new Delete(requireId(objectId)), 0);
    }

    @Override
    public CompletableFuture<Void> deleteUnsynced(String objectId) {
        return committer.submitUnsynced(new Delete(requireId(objectId)), 0);
    }

    @Override
    public void forEach(BiConsumer<String, byte[]> consumer) {
        scan(objects, consumer);
    }

    @Override
    public void forEachStatus(BiConsumer<String, byte[]> consumer) {
        scan(statuses, consumer);
    }

    private void scan(ColumnFamilyHandle family, BiConsumer<String, byte[]> consumer) {
        requireNonNull(consumer, "consumer is null");
        lifecycle.readLock().lock();
        try {
            checkOpen();
            try (RocksIterator it = db.newIterator(family)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    consumer.accept(new String(it.key(), UTF_8), it.value());
                }
                it.status();
            }
        } catch (RocksDBException e) {
            throw failure("scan", e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public long approximateSizeBytes() {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                return 0;
            }
            long total = 0;
            for (ColumnFamilyHandle cf : List.of(objects, heads, accepted, statuses)) {
                total += db.getLongProperty(cf, "rocksdb.live-sst-files-size")
                        + db.getLongProperty(cf, "rocksdb.size-all-mem-tables");
            }
            return total;
        } catch (RocksDBException e) {
            throw failure("size", e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Batches written since the store was opened (fewer than writes when writes were grouped). */
    public long batchesWritten() {
        return committer.batches();
    }

    /** Syncs of unsynced writes on their own, since the store was opened (no synced write followed them in time). */
    public long separateSyncs() {
        return committer.syncs();
    }

    /** Puts and deletes written since the store was opened. */
    public long writesCommitted() {
        return committer.ops();
    }

    @Override
    public void close() {
        committer.close();
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            flushMemtables();
            handles.forEach(ColumnFamilyHandle::close);
            db.close();
            syncWrites.close();
            unsyncedWrites.close();
            cfOptions.forEach(ColumnFamilyOptions::close);
            filter.close();
            dbOptions.close();
            log.info("parked-object store at {} closed", directory);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /**
     * Writes the memtables to table files, so that the next open has no write-ahead log to replay: with the WAL on,
     * RocksDB's close does not flush, and a restart after a graceful stop would otherwise replay every write since
     * the last flush (about a second per 100 000 parked objects here). After a crash the replay remains, bounded
     * by the memtable size. A failure here only costs that replay at the next start.
     */
    private void flushMemtables() {
        try (FlushOptions wait = new FlushOptions().setWaitForFlush(true)) {
            db.flush(wait, handles);
        } catch (RocksDBException e) {
            log.warn(
                    "parked-object store at {}: flush at close failed ({}); the next start replays the log",
                    directory,
                    e.getMessage());
        }
    }

    // Runs on the committer thread only.
    private void writeBatch(List<Write> writes, boolean sync) {
        try {
            write(writes, sync);
        } catch (RocksDBException e) {
            throw failure("write", e);
        }
    }

    private void write(List<Write> writes, boolean sync) throws RocksDBException {
        Map<String, Boolean> present = new HashMap<>();
        long newCount = count;
        try (WriteBatch batch = new WriteBatch()) {
            for (Write w : writes) {
                byte[] key = w.objectId().getBytes(UTF_8);
                boolean existed = present.computeIfAbsent(w.objectId(), id -> db.keyExists(objects, key));
                switch (w) {
                    case Put p -> {
                        batch.put(objects, key, p.bytes());
                        batch.put(heads, key, p.head());
                        batch.put(statuses, key, p.status());
                        if (p.accepted()) {
                            batch.put(accepted, acceptedKey(p.objectId(), p.head()), new byte[0]);
                        }
                        newCount += existed ? 0 : 1;
                        present.put(p.objectId(), true);
                    }
                    case Delete d -> {
                        batch.delete(objects, key);
                        batch.delete(statuses, key);
                        newCount -= existed ? 1 : 0;
                        present.put(d.objectId(), false);
                    }
                }
            }
            batch.put(
                    meta,
                    COUNT_KEY,
                    ByteBuffer.allocate(Long.BYTES).putLong(newCount).array());
            db.write(sync ? syncWrites : unsyncedWrites, batch);
        }
        count = newCount;
    }

    private long loadCount() throws RocksDBException {
        byte[] stored = db.get(meta, COUNT_KEY);
        if (stored != null) {
            return ByteBuffer.wrap(stored).getLong();
        }
        long n = 0;
        try (RocksIterator it = db.newIterator(objects)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                n++;
            }
        }
        return n;
    }

    private Optional<byte[]> read(ColumnFamilyHandle cf, String objectId) {
        lifecycle.readLock().lock();
        try {
            checkOpen();
            return Optional.ofNullable(db.get(cf, objectId.getBytes(UTF_8)));
        } catch (RocksDBException e) {
            throw failure("read", e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the store is closed");
        }
    }

    private static String requireId(String objectId) {
        requireNonNull(objectId, "objectId is null");
        if (objectId.isEmpty()) {
            throw new IllegalArgumentException("objectId is empty");
        }
        return objectId;
    }

    private MreException failure(String what, RocksDBException e) {
        return new MreException(ErrorCode.INTERNAL, "parked-object store " + what + " failed", Map.of(), e);
    }
}
