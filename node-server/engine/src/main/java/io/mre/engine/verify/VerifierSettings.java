package io.mre.engine.verify;

import static java.util.Objects.requireNonNull;

import io.mre.crypto.TrustBundle;
import io.mre.engine.codec.Limits;

/**
 * What a verifier accepts.
 *
 * @param trust trust anchors per trust domain
 * @param limits size limits, checked first
 * @param allowUnsignedEntries whether entries without signatures are acceptable (a local policy choice)
 * @param requireHeaderSignature whether the header must carry a trusted author signature
 * @param replay whether the history is replayed (every entry a lawful transition, docs/object-format.md); only
 *     reports and benchmarks turn it off, to tell "signatures valid" apart from "history lawful"
 */
public record VerifierSettings(
        TrustBundle trust,
        Limits limits,
        boolean allowUnsignedEntries,
        boolean requireHeaderSignature,
        boolean replay) {
    public VerifierSettings {
        requireNonNull(trust, "trust is null");
        requireNonNull(limits, "limits is null");
    }

    /** Settings that replay the history (what a node always does). */
    public VerifierSettings(
            TrustBundle trust, Limits limits, boolean allowUnsignedEntries, boolean requireHeaderSignature) {
        this(trust, limits, allowUnsignedEntries, requireHeaderSignature, true);
    }

    /**
     * The same settings checking bytes only (chain, signatures, certificates, digests), not whether the history is a
     * lawful run of its intent: an object such a verifier accepts is not a verified object in the sense of format 2.
     */
    public VerifierSettings bytesOnly() {
        return new VerifierSettings(trust, limits, allowUnsignedEntries, requireHeaderSignature, false);
    }

    /** Signed entries required, header signature optional, default limits. */
    public static VerifierSettings strict(TrustBundle trust) {
        return new VerifierSettings(trust, Limits.DEFAULT, false, false);
    }
}
