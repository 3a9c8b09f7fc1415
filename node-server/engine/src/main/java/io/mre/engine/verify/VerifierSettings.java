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
 */
public record VerifierSettings(TrustBundle trust, Limits limits, boolean allowUnsignedEntries,
        boolean requireHeaderSignature) {
    public VerifierSettings {
        requireNonNull(trust, "trust is null");
        requireNonNull(limits, "limits is null");
    }

    /** Signed entries required, header signature optional, default limits. */
    public static VerifierSettings strict(TrustBundle trust) {
        return new VerifierSettings(trust, Limits.DEFAULT, false, false);
    }
}
