package io.mre.engine.object;

import com.google.protobuf.ByteString;
import io.mre.crypto.SigningKey;
import io.mre.engine.codec.Digests;
import io.mre.engine.fold.Fold;
import io.mre.engine.fold.FoldedState;
import io.mre.engine.verify.VerifiedObject;
import io.mre.engine.view.Views;
import io.mre.proto.v1.Context;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Header;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.Signature;
import io.mre.spi.EntryView;
import java.util.ArrayList;
import java.util.List;

/**
 * An object during a node's visit: starts from a verified object and appends signed, chained entries. Each
 * append folds only the new entry, so a cycle's cost does not grow with the history. Not thread-safe.
 */
public final class WorkingObject {
    private final Header header;
    private final SigningKey key;
    private final List<Entry> entries;
    private final List<EntryView> history;
    private final Fold fold;
    private final List<EntryEnvelope> appended = new ArrayList<>();
    private ExecutableObject object;
    private ByteString headHash;
    private ByteString intentDigest;
    private ByteString contextDigest;
    private FoldedState state;
    // Views for policies and handlers, converted once: the intent's and context's only change on MUTATE, and each
    // step output is converted when it is first seen, so building a view does not grow with plan or history.
    private Intent viewedIntent;
    private io.mre.spi.IntentView intentView;
    private Context viewedContext;
    private io.mre.spi.ContextView contextView;
    private final java.util.Map<String, java.util.Map.Entry<com.google.protobuf.Struct, java.util.Map<String, Object>>>
            outputViews = new java.util.HashMap<>();
    private io.mre.spi.ObjectView view;

    public WorkingObject(VerifiedObject verified, SigningKey key) {
        this.header = verified.header();
        this.key = key;
        this.object = verified.object();
        this.entries = new ArrayList<>(verified.entries());
        this.history = new ArrayList<>(entries.size() + 8);
        entries.forEach(e -> history.add(Views.entry(e)));
        this.fold = Fold.of(header, entries);
        this.headHash = verified.headHash();
        this.intentDigest = verified.intentDigest();
        this.contextDigest = verified.contextDigest();
        this.state = fold.state(object.getIntent());
    }

    /**
     * Completes {@code entry} (object id, seq, prev_hash, digests), signs it, appends it and folds it.
     * For a MUTATE, pass the new intent and context; otherwise pass the current ones.
     */
    public Entry append(Entry.Builder entry, Intent intent, Context context) {
        boolean changed = intent != object.getIntent() || context != object.getContext();
        if (intent != object.getIntent()) {
            intentDigest = ByteString.copyFrom(Digests.intentDigest(intent));
        }
        if (context != object.getContext()) {
            contextDigest = ByteString.copyFrom(Digests.contextDigest(context));
        }
        Entry built = entry.setObjectId(header.getObjectId())
                .setSeq(entries.size())
                .setPrevHash(headHash)
                .setIntentDigest(intentDigest)
                .setContextDigest(contextDigest)
                .build();
        ByteString bytes = built.toByteString();
        EntryEnvelope envelope = EntryEnvelope.newBuilder()
                .setEntry(bytes)
                .addSignatures(Signature.newBuilder().setKeyId(key.keyId())
                        .setSignature(ByteString.copyFrom(key.sign(Digests.entrySigningInput(bytes)))))
                .build();
        ExecutableObject.Builder b = object.toBuilder();
        b.getMemoryBuilder().addEntries(envelope);
        if (changed) {
            b.setIntent(intent).setContext(context);
        }
        if (b.getSignersList().stream().noneMatch(s -> s.getKeyId().equals(key.keyId()))) {
            b.addSigners(ObjectFactory.signerCertificate(key));
        }
        object = b.build();
        headHash = ByteString.copyFrom(Digests.entryHash(envelope));
        entries.add(built);
        history.add(Views.entry(built));
        appended.add(envelope);
        fold.apply(built);
        state = fold.state(object.getIntent());
        view = null;
        return built;
    }

    public ExecutableObject object() {
        return object;
    }

    public Header header() {
        return header;
    }

    public String objectId() {
        return header.getObjectId();
    }

    public FoldedState state() {
        return state;
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The read-only view policies and advisors get; built on first use in a cycle, from cached parts. */
    public io.mre.spi.ObjectView view() {
        if (view == null) {
            view = new io.mre.spi.ObjectView(objectId(), header.getOrigin().getTrustDomain(), intentView(),
                    contextView(), Views.state(state, outputs()), history());
        }
        return view;
    }

    /** The current intent as an SPI view, converted again only after a MUTATE. */
    public io.mre.spi.IntentView intentView() {
        Intent intent = object.getIntent();
        if (intent != viewedIntent) {
            intentView = Views.intent(intent);
            viewedIntent = intent;
        }
        return intentView;
    }

    /** The current context as an SPI view, converted again only after a MUTATE. */
    public io.mre.spi.ContextView contextView() {
        Context context = object.getContext();
        if (context != viewedContext) {
            contextView = Views.context(context);
            viewedContext = context;
        }
        return contextView;
    }

    /** Step outputs as SPI maps, each converted once. */
    public java.util.Map<String, java.util.Map<String, Object>> outputs() {
        java.util.Map<String, java.util.Map<String, Object>> out = new java.util.HashMap<>();
        state.outputs().forEach((step, struct) -> {
            java.util.Map.Entry<com.google.protobuf.Struct, java.util.Map<String, Object>> cached = outputViews.get(step);
            if (cached == null || cached.getKey() != struct) {
                cached = java.util.Map.entry(struct, io.mre.engine.view.Values.toMap(struct));
                outputViews.put(step, cached);
            }
            out.put(step, cached.getValue());
        });
        return out;
    }

    /** One summary line per entry, for policy views. */
    public List<EntryView> history() {
        return List.copyOf(history);
    }

    public List<EntryEnvelope> appended() {
        return List.copyOf(appended);
    }

    public ByteString headHash() {
        return headHash;
    }

    /** The object as a verified object again (what this visit appended is trusted: this node signed it). */
    public VerifiedObject toVerified() {
        return new VerifiedObject(object, header, entries, headHash, intentDigest, contextDigest);
    }
}
