package io.mre.spi;

/**
 * Authority: judges a candidate action against the object, its folded state and the node's own facts.
 *
 * <p>The engine consults every policy of the node and combines their verdicts: any REJECT wins, then any DEFER,
 * then the constraints of every CONSTRAIN are merged, else PERMIT. Every verdict is recorded in the entry.
 * A policy that throws or exceeds its time limit counts as REJECT ("policy error: ..."): policies fail closed.
 * Implementations must be thread-safe and should be fast and free of I/O.
 */
public interface Policy {
    /** The policy's name as recorded in entries. */
    String name();

    /** Judges {@code evaluation.candidate()}. */
    Verdict evaluate(Evaluation evaluation);
}
