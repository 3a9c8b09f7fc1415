package io.mre.node.runtime;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.mre.engine.Engine;
import io.mre.engine.MreException;
import io.mre.engine.fold.Fold;
import io.mre.engine.fold.FoldedState;
import io.mre.engine.verify.VerifiedObject;
import io.mre.errors.ErrorCode;
import io.mre.node.store.ParkedObjectStore;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Header;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parked objects of this node as typed values over the byte store: each read decodes once, and each write
 * stores the object with its head and its {@link ParkedStatus}, so scans (recovery, retention) decode no object.
 */
public final class ParkedObjects {
    private static final Logger LOG = LoggerFactory.getLogger(ParkedObjects.class);

    /**
     * An object decoded and folded without verification: for reads (Get, Watch) of what this node verified before
     * it parked it, or of the summary of an object it handed on.
     */
    public record Parked(ExecutableObject object, List<Entry> entries, FoldedState state) {
        public Parked {
            requireNonNull(object, "object is null");
            entries = List.copyOf(entries);
            requireNonNull(state, "state is null");
        }

        /** Decodes and folds {@code object}; INTERNAL when it cannot be read. */
        public static Parked of(ExecutableObject object) {
            try {
                Header header = Header.parseFrom(object.getHeader().getHeader());
                List<Entry> entries = new ArrayList<>(object.getMemory().getEntriesCount());
                for (EntryEnvelope e : object.getMemory().getEntriesList()) {
                    entries.add(Entry.parseFrom(e.getEntry()));
                }
                return new Parked(object, entries, Fold.of(header, entries).state(object.getIntent()));
            } catch (InvalidProtocolBufferException e) {
                throw unreadable(e);
            }
        }
    }

    private final ParkedObjectStore store;
    private final Engine engine;

    public ParkedObjects(ParkedObjectStore store, Engine engine) {
        this.store = requireNonNull(store, "store is null");
        this.engine = requireNonNull(engine, "engine is null");
    }

    /** The parked object, verified (decoded and folded once), ready for a visit or a dry run. */
    public Optional<VerifiedObject> load(String objectId) {
        return store.get(objectId).map(bytes -> engine.verify(parse(bytes)));
    }

    /** The parked object decoded and folded, not verified again: for reads. */
    public Optional<Parked> read(String objectId) {
        return store.get(objectId).map(bytes -> Parked.of(parse(bytes)));
    }

    /** Parks {@code object} (folded to {@code state}) with its head and status; returns once synced. */
    public void park(VerifiedObject object, FoldedState state) {
        store.put(
                        object.objectId(),
                        object.object().toByteArray(),
                        object.headHash().toByteArray(),
                        ParkedStatus.of(state).encode())
                .join();
    }

    /** Parks an object whose custody a peer hands over, remembering its head as accepted; returns once synced. */
    public void parkAccepted(VerifiedObject object, FoldedState state) {
        store.putAccepted(
                        object.objectId(),
                        object.object().toByteArray(),
                        object.headHash().toByteArray(),
                        ParkedStatus.of(state).encode())
                .join();
    }

    /**
     * Drops the object's bytes and status (its heads stay); returns once written, without waiting for a sync (it is
     * durable with the next synced write, or alone shortly after). Callers drop only bytes whose return after a
     * crash repeats idempotent work: an object handed on (its DELEGATE head, acknowledged by the peer, is delivered
     * again and acknowledged as a duplicate) or one that terminated long ago (dropped again by the next sweep).
     */
    public void delete(String objectId) {
        store.deleteUnsynced(objectId).join();
    }

    /** The last head parked or accepted here for this id, parked or not. */
    public Optional<ByteString> head(String objectId) {
        return store.head(objectId).map(ByteString::copyFrom);
    }

    /** Whether {@code head} is the last head known here for this id. */
    public boolean isHead(String objectId, ByteString head) {
        return head(objectId).map(head::equals).orElse(false);
    }

    /** Whether this node accepted custody of exactly this head at some time. */
    public boolean wasAccepted(String objectId, ByteString head) {
        return store.wasAccepted(objectId, head.toByteArray());
    }

    /**
     * How many leading entries of {@code incoming} (a verified history of this id) are entries of the history parked
     * here: 0 when nothing is parked or they share no entry. Entry i's hash is entry i+1's prev_hash (the head for
     * the last), as the verifier checked, so nothing is hashed again.
     */
    public int knownPrefix(String objectId, List<Entry> incoming, ByteString incomingHead) {
        Optional<Set<ByteString>> known = entryHashes(objectId);
        if (known.isEmpty()) {
            return 0;
        }
        for (int i = incoming.size() - 1; i >= 0; i--) {
            ByteString hash = i == incoming.size() - 1
                    ? incomingHead
                    : incoming.get(i + 1).getPrevHash();
            if (known.get().contains(hash)) {
                return i + 1;
            }
        }
        return 0;
    }

    /**
     * Whether the parked history of this id has an entry whose hash is {@code entryHash}. The hashes are those the
     * verifier checked before parking: each entry's prev_hash is its predecessor's hash, and the last one's is the
     * head stored beside it, so nothing is hashed again.
     */
    public boolean historyContains(String objectId, ByteString entryHash) {
        return entryHashes(objectId).map(known -> known.contains(entryHash)).orElse(false);
    }

    /**
     * The hash of every entry of the history parked for this id, read from the chain (each entry's prev_hash, then
     * the head stored beside it); empty when nothing is parked or the copy cannot be decoded.
     */
    private Optional<Set<ByteString>> entryHashes(String objectId) {
        Optional<byte[]> bytes = store.get(objectId);
        Optional<ByteString> head = head(objectId);
        if (bytes.isEmpty() || head.isEmpty()) {
            return Optional.empty();
        }
        try {
            List<EntryEnvelope> envelopes =
                    ExecutableObject.parseFrom(bytes.get()).getMemory().getEntriesList();
            Set<ByteString> known = new HashSet<>(envelopes.size() * 2);
            for (int i = 1; i < envelopes.size(); i++) {
                known.add(Entry.parseFrom(envelopes.get(i).getEntry()).getPrevHash());
            }
            known.add(head.get());
            return Optional.of(known);
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
    }

    /**
     * Calls {@code consumer} with every parked object's id and status. An object parked without a status (by a
     * node before statuses were kept) is decoded instead; one that cannot be read is logged and skipped.
     */
    public void forEachStatus(BiConsumer<String, ParkedStatus> consumer) {
        store.forEachStatus((id, bytes) -> {
            Optional<ParkedStatus> status = ParkedStatus.decode(bytes);
            if (status.isEmpty()) {
                try {
                    status = read(id).map(p -> ParkedStatus.of(p.state()));
                } catch (RuntimeException e) {
                    LOG.warn("parked object {} could not be read: {}", id, e.toString());
                    return;
                }
            }
            status.ifPresent(s -> consumer.accept(id, s));
        });
    }

    /** The status of one parked object, if it is parked here. */
    public Optional<ParkedStatus> status(String objectId) {
        Optional<ParkedStatus> stored = store.status(objectId).flatMap(ParkedStatus::decode);
        return stored.isPresent() ? stored : read(objectId).map(p -> ParkedStatus.of(p.state()));
    }

    private static ExecutableObject parse(byte[] bytes) {
        try {
            return ExecutableObject.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw unreadable(e);
        }
    }

    private static MreException unreadable(InvalidProtocolBufferException e) {
        return new MreException(ErrorCode.INTERNAL, "parked object is unreadable: " + e.getMessage());
    }
}
