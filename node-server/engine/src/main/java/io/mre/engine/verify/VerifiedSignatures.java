package io.mre.engine.verify;

import com.google.protobuf.ByteString;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The signatures this node has already checked: entries by EntryHash (which covers the entry's bytes, its
 * signers' key ids and the signatures themselves), author signatures by a hash of the signed header, key id and
 * signature. An object that comes back (a timer, a signal, a return trip) is verified again in full — chain,
 * digests, signer certificates against the trust bundle — except for the Ed25519 checks seen before, whose result
 * cannot differ ("this entry hash verified" is an optimization, not execution state). Bounded: two
 * generations of at most {@code capacity / 2} hashes each; when the young one fills up, the old one is dropped.
 * Thread-safe; a lost race only costs a check done twice.
 */
public final class VerifiedSignatures {
    private final int generationSize;
    private volatile Set<ByteString> young = ConcurrentHashMap.newKeySet();
    private volatile Set<ByteString> old = Set.of();
    private final LongAdder hits = new LongAdder();

    private VerifiedSignatures(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be at least 2, got " + capacity);
        }
        this.generationSize = capacity / 2;
    }

    /** Remembers up to {@code capacity} entry hashes (about 100 bytes each). */
    public static VerifiedSignatures bounded(int capacity) {
        return new VerifiedSignatures(capacity);
    }

    /** Whether the signatures identified by this hash (see above) were checked and found valid here. */
    boolean contains(ByteString entryHash) {
        boolean seen = young.contains(entryHash) || old.contains(entryHash);
        if (seen) {
            hits.increment();
        }
        return seen;
    }

    /**
     * Records that the signatures identified by this hash are valid: only for signatures that verified, or entries
     * that this node signed itself.
     */
    public void add(ByteString entryHash) {
        Set<ByteString> current = young;
        current.add(entryHash);
        if (current.size() >= generationSize) {
            synchronized (this) {
                if (young == current) {
                    old = current;
                    young = ConcurrentHashMap.newKeySet();
                }
            }
        }
    }

    /** Signature checks skipped so far. */
    public long hits() {
        return hits.sum();
    }
}
