package io.mre.testkit;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.InvalidProtocolBufferException;
import io.mre.engine.Visit;
import io.mre.engine.view.Views;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.ExecutableObject;
import io.mre.spi.ActionKind;
import io.mre.spi.Lifecycle;
import io.mre.spi.PeerView;
import io.mre.spi.StateView;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The result of one visit of a test object to an {@link EngineHarness}'s node: why it ended, the object and its
 * entries, read back for assertions. {@link #toString()} lists the whole history, one line per entry.
 *
 * <pre>{@code
 * EngineRun run = harness.run(claim);
 * assertThat(run.actions()).containsExactly(EXECUTE, EXECUTE, TERMINATE);
 * assertThat(run.ending()).contains(Ending.COMPLETED);
 * assertThat(run.entries().get(1).judgements()).containsEntry("no-large-payments", VerdictKind.PERMIT);
 * }</pre>
 */
public final class EngineRun {
    private final Visit visit;

    EngineRun(Visit visit) {
        this.visit = requireNonNull(visit, "visit is null");
    }

    /** Why the visit ended. */
    public Exit exit() {
        return Exit.of(visit.exit());
    }

    /** The object as it left the node, signed; run it again with {@link EngineHarness#run(ExecutableObject)}. */
    public ExecutableObject object() {
        return visit.object().object();
    }

    /** The state folded after the visit, as a policy would see it. */
    public StateView state() {
        return Views.state(visit.state());
    }

    public Lifecycle lifecycle() {
        return visit.state().lifecycle();
    }

    /** How the object ended, if it did. */
    public Optional<Ending> ending() {
        return lifecycle() == Lifecycle.TERMINATED ? Ending.of(visit.state().terminalStatus()) : Optional.empty();
    }

    /** The peer the object is to be handed to, for {@link Exit#DELEGATED}. */
    public Optional<PeerView> delegatedTo() {
        return visit.delegateTo();
    }

    /** The entries this visit appended, in order. */
    public List<RecordedEntry> entries() {
        return visit.appended().stream()
                .map(EngineRun::decode)
                .map(RecordedEntry::of)
                .toList();
    }

    /** Every entry of the object, from the first. */
    public List<RecordedEntry> history() {
        return visit.object().entries().stream().map(RecordedEntry::of).toList();
    }

    /** The actions this visit took, in order. */
    public List<ActionKind> actions() {
        return entries().stream().map(RecordedEntry::action).toList();
    }

    /** The last entry of the object. */
    public RecordedEntry lastEntry() {
        List<Entry> all = visit.object().entries();
        if (all.isEmpty()) {
            throw new NoSuchElementException("the object has no entries");
        }
        return RecordedEntry.of(all.get(all.size() - 1));
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("EngineRun[exit=" + exit() + ", lifecycle=" + lifecycle()
                + ending().map(e -> ", ending=" + e).orElse("") + ", "
                + visit.appended().size() + " new entries]");
        history().forEach(e -> b.append("\n  ").append(e));
        return b.toString();
    }

    private static Entry decode(EntryEnvelope envelope) {
        try {
            return Entry.parseFrom(envelope.getEntry());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the engine appended an unreadable entry", e);
        }
    }
}
