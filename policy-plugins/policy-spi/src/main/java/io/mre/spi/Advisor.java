package io.mre.spi;

import java.util.List;

/**
 * Cognition: suggests an action or a plan change, with a rationale. Advice is recorded in the entry and is
 * never binding: a suggested plan change becomes a MUTATE only if every policy permits it. An advisor that
 * throws is recorded as failed advice and ignored. Implementations must be thread-safe.
 */
public interface Advisor {
    /** The advisor's name as recorded in entries. */
    String name();

    /** Returns zero or more pieces of advice on {@code evaluation}. */
    List<Advice> advise(Evaluation evaluation);
}
