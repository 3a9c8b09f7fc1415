package io.mre.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A read-only view of an object: its identity, intent, context, folded state and a summary of its history.
 *
 * @param objectId the object's id
 * @param originDomain the trust domain of its author
 * @param intent the current intent
 * @param context the current context
 * @param state the state folded from the memory
 * @param history one line per memory entry, in order
 */
public record ObjectView(
        String objectId,
        String originDomain,
        IntentView intent,
        ContextView context,
        StateView state,
        List<EntryView> history) {
    public ObjectView {
        requireNonNull(objectId, "objectId is null");
        requireNonNull(originDomain, "originDomain is null");
        requireNonNull(intent, "intent is null");
        requireNonNull(context, "context is null");
        requireNonNull(state, "state is null");
        history = List.copyOf(history);
    }
}
