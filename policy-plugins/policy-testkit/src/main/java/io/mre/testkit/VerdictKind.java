package io.mre.testkit;

import io.mre.spi.Verdict;

/**
 * The kind of a verdict, a combined decision or a recorded entry's decision, for assertions.
 *
 * <pre>{@code
 * assertThat(run.lastEntry().verdict()).isEqualTo(VerdictKind.REJECT);
 * }</pre>
 */
public enum VerdictKind {
    /** Go ahead. */
    PERMIT,
    /** Not now: dormant until a reentry condition holds. */
    DEFER,
    /** Go ahead within constraints. */
    CONSTRAIN,
    /** No. */
    REJECT,
    /** No policy took part: a mandatory engine action (completion, expiry, reentry, retry backoff...). */
    MANDATORY;

    /** The kind of an SPI verdict. */
    public static VerdictKind of(Verdict verdict) {
        return switch (verdict) {
            case Verdict.Permit p -> PERMIT;
            case Verdict.Defer d -> DEFER;
            case Verdict.Constrain c -> CONSTRAIN;
            case Verdict.Reject r -> REJECT;
        };
    }

    /** The kind of a recorded verdict. */
    public static VerdictKind of(io.mre.proto.v1.Verdict verdict) {
        return switch (verdict) {
            case VERDICT_PERMIT -> PERMIT;
            case VERDICT_DEFER -> DEFER;
            case VERDICT_CONSTRAIN -> CONSTRAIN;
            case VERDICT_REJECT -> REJECT;
            case VERDICT_UNSPECIFIED, UNRECOGNIZED -> MANDATORY;
        };
    }
}
