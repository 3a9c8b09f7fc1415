package io.mre.node.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Opens a data folder written before parked statuses were kept (docs/operating-a-node.md, "What a memory-aware node
 * stores"): every parked object gets an empty status ("unknown"), so status scans still list it and its reader
 * decodes the object instead. Done once, at the first open that adds the status column family.
 */
final class StatusUpgrade {
    private StatusUpgrade() {}

    /** Whether the existing store in {@code directory} lacks the status family (false for a new store). */
    static boolean needed(Path directory, byte[] statusFamily) throws RocksDBException {
        if (!Files.exists(directory.resolve("CURRENT"))) {
            return false;
        }
        try (Options options = new Options()) {
            return RocksDB.listColumnFamilies(options, directory.toString()).stream()
                    .noneMatch(name -> Arrays.equals(name, statusFamily));
        }
    }

    /** Writes an empty status for every parked object (synced); returns how many. */
    static long markUnknown(RocksDB db, ColumnFamilyHandle objects, ColumnFamilyHandle statuses)
            throws RocksDBException {
        long marked = 0;
        try (WriteBatch batch = new WriteBatch();
                WriteOptions sync = new WriteOptions().setSync(true);
                RocksIterator it = db.newIterator(objects)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                batch.put(statuses, it.key(), ParkedObjectStore.NO_STATUS);
                marked++;
            }
            it.status();
            db.write(sync, batch);
        }
        return marked;
    }
}
