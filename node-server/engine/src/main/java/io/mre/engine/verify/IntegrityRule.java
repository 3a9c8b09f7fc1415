package io.mre.engine.verify;

/** The integrity rules of an object (DESIGN §4). A violation names one of these and the first bad entry. */
public enum IntegrityRule {
    /** An entry's bytes do not decode as an {@code mre.v1.Entry}, or it lacks a required field. */
    ENTRY_MALFORMED,
    /** An entry carries another object's id (spliced in from another object). */
    OBJECT_ID_MISMATCH,
    /** {@code seq} is not the entry's position (a gap, a removal or a swap). */
    SEQ_NOT_CONTIGUOUS,
    /** {@code prev_hash} is not the hash of the previous entry (or, for seq 0, the header digest). */
    CHAIN_BROKEN,
    /** An unsigned entry where the verifier requires signatures. */
    SIGNATURE_MISSING,
    /** A signature names a key with no certificate in the object's signers section. */
    SIGNER_UNKNOWN,
    /** The signer's certificate does not chain to a trust anchor of the entry's trust domain or node. */
    SIGNER_NOT_TRUSTED,
    /** A signature does not verify over the entry's bytes. */
    SIGNATURE_INVALID,
    /** The header's author signature does not verify or is not trusted. */
    HEADER_SIGNATURE_INVALID,
    /** The intent changed other than through a MUTATE entry. */
    INTENT_CHANGED_WITHOUT_MUTATE,
    /** The context changed other than through a MUTATE entry. */
    CONTEXT_CHANGED_WITHOUT_MUTATE,
    /** An entry follows a TERMINATE entry. */
    ENTRY_AFTER_TERMINATION
}
