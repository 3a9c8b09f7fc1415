package io.mre.engine.object;

import com.google.protobuf.ByteString;
import io.mre.crypto.SigningKey;
import io.mre.engine.codec.Digests;
import io.mre.engine.fold.Fold;
import io.mre.engine.fold.FoldedState;
import io.mre.engine.fold.PersistentList;
import io.mre.engine.fold.PersistentMap;
import io.mre.engine.verify.VerifiedObject;
import io.mre.engine.view.Values;
import io.mre.engine.view.Views;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.Context;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Genesis;
import io.mre.proto.v1.Header;
import io.mre.proto.v1.Intent;
import io.mre.proto.v1.Signature;
import io.mre.spi.ContextView;
import io.mre.spi.EntryView;
import io.mre.spi.IntentView;
import io.mre.spi.ObjectView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An object during a node's visit: starts from a verified object, continuing its fold and sharing its entries, and
 * appends signed, chained entries. Each append folds only the new entry and the state and entries are persistent,
 * so neither opening a visit nor a cycle grows with the history. Not thread-safe.
 */
public final class WorkingObject {
    private final Header header;
    private final SigningKey key;
    private PersistentList<Entry> entries;
    /** Summaries of the entries for policy views, made on first use: a prefix of {@code entries}. */
    private PersistentList<EntryView> history = PersistentList.of();

    private final Fold fold;
    private final List<EntryEnvelope> appended = new ArrayList<>();
    private ExecutableObject object;
    private ByteString headHash;
    private ByteString intentDigest;
    private ByteString contextDigest;
    private FoldedState state;
    /** The outputs of {@code state} as SPI maps: carried from verification, each new output converted once. */
    private PersistentMap<String, Map<String, Object>> outputViews;
    // The intent's and context's views change only on MUTATE: converted again only then.
    private Intent viewedIntent;
    private IntentView intentView;
    private Intent inputOf;
    private Map<String, Object> input;
    private Context viewedContext;
    private ContextView contextView;
    private ObjectView view;

    public WorkingObject(VerifiedObject verified, SigningKey key) {
        this.header = verified.header();
        this.key = key;
        this.object = verified.object();
        this.entries = PersistentList.copyOf(verified.entries());
        this.fold = verified.fold();
        this.headHash = verified.headHash();
        this.intentDigest = verified.intentDigest();
        this.contextDigest = verified.contextDigest();
        this.state = fold.state(object.getIntent());
        this.outputViews = PersistentMap.copyOf(verified.outputViews());
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
                .addSignatures(Signature.newBuilder()
                        .setKeyId(key.keyId())
                        .setSignature(ByteString.copyFrom(key.sign(Digests.entrySigningInput(bytes)))))
                .build();
        ExecutableObject.Builder b = object.toBuilder();
        b.getMemoryBuilder().addEntries(envelope);
        if (built.getAction() == Action.ACTION_MUTATE && !object.hasGenesis()) {
            // The first MUTATE: the carried intent and context are still those at creation (verification checked
            // them against the header), and from now on verifiers need them to replay the patches.
            b.setGenesis(Genesis.newBuilder().setIntent(object.getIntent()).setContext(object.getContext()));
        }
        if (changed) {
            b.setIntent(intent).setContext(context);
        }
        if (b.getSignersList().stream().noneMatch(s -> s.getKeyId().equals(key.keyId()))) {
            b.addSigners(ObjectFactory.signerCertificate(key));
        }
        object = b.build();
        headHash = ByteString.copyFrom(Digests.entryHash(envelope));
        entries = entries.plus(built);
        appended.add(envelope);
        fold.apply(built);
        FoldedState before = state;
        state = fold.state(object.getIntent());
        if (state.outputs() != before.outputs()) {
            outputViews = outputViews.with(
                    built.getStepId(), Values.toMap(state.outputs().get(built.getStepId())));
        }
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
        return entries;
    }

    /** The read-only view policies and advisors get; built on first use in a cycle, from cached parts. */
    public ObjectView view() {
        if (view == null) {
            view = new ObjectView(
                    objectId(),
                    header.getOrigin().getTrustDomain(),
                    intentView(),
                    contextView(),
                    Views.state(state, outputs()),
                    history());
        }
        return view;
    }

    /** The current intent as an SPI view, converted again only after a MUTATE. */
    /**
     * The intent's input as an SPI map (what a handler gets), converted again only after a MUTATE; unlike
     * {@link #intentView()} it does not convert the plan.
     */
    public Map<String, Object> inputView() {
        Intent intent = object.getIntent();
        if (intent != inputOf) {
            input = Values.toMap(intent.getInput());
            inputOf = intent;
        }
        return input;
    }

    public IntentView intentView() {
        Intent intent = object.getIntent();
        if (intent != viewedIntent) {
            intentView = Views.intent(intent);
            viewedIntent = intent;
        }
        return intentView;
    }

    /** The current context as an SPI view, converted again only after a MUTATE. */
    public ContextView contextView() {
        Context context = object.getContext();
        if (context != viewedContext) {
            contextView = Views.context(context);
            viewedContext = context;
        }
        return contextView;
    }

    /** Step outputs as SPI maps (immutable), each converted once. */
    public Map<String, Map<String, Object>> outputs() {
        return outputViews;
    }

    /** One summary line per entry, for policy views. */
    public List<EntryView> history() {
        if (history.isEmpty()) {
            history = PersistentList.copyOf(entries.stream().map(Views::entry).toList());
        }
        while (history.size() < entries.size()) {
            history = history.plus(Views.entry(entries.get(history.size())));
        }
        return history;
    }

    public List<EntryEnvelope> appended() {
        return List.copyOf(appended);
    }

    public ByteString headHash() {
        return headHash;
    }

    /** The object as a verified object again (what this visit appended is trusted: this node signed it). */
    public VerifiedObject toVerified() {
        return new VerifiedObject(object, header, entries, headHash, intentDigest, contextDigest, fold, outputViews);
    }
}
