package io.mre.spi;

/** The lifecycle of an object, as folded from its memory. */
public enum Lifecycle {
    /** Runnable. */
    ACTIVE,
    /** Suspended until a reentry condition holds. */
    DORMANT,
    /** Finished. */
    TERMINATED
}
