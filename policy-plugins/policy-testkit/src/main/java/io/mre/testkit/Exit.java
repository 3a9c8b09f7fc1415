package io.mre.testkit;

/** Why a visit of an {@link EngineRun} ended. */
public enum Exit {
    /** The last entry delegates the object to a peer ({@link EngineRun#delegatedTo()}). */
    DELEGATED,
    /** The object is dormant (possibly unchanged, when nothing woke it). */
    DORMANT,
    /** The object terminated (possibly earlier). */
    TERMINATED,
    /** The per-visit cycle budget was spent; the object is still active. */
    BUDGET_SPENT;

    static Exit of(io.mre.engine.Visit.Exit exit) {
        return switch (exit) {
            case DELEGATED -> DELEGATED;
            case DORMANT -> DORMANT;
            case TERMINATED -> TERMINATED;
            case BUDGET_SPENT -> BUDGET_SPENT;
        };
    }
}
