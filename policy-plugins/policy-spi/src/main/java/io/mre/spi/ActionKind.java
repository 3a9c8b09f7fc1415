package io.mre.spi;

/** The six actions a node may take in a cycle. */
public enum ActionKind {
    /** Run a step (or a compensation) with a local operation handler. */
    EXECUTE,
    /** Change the intent or the context by a recorded patch. */
    MUTATE,
    /** Hand custody of the object to a peer. */
    DELEGATE,
    /** Suspend the object until a reentry condition holds. */
    DORMANT,
    /** Resume a dormant object whose reentry condition holds. */
    REENTER,
    /** End the object. */
    TERMINATE
}
