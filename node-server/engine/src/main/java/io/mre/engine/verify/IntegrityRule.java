package io.mre.engine.verify;

/** The integrity rules of an object (docs/object-format.md). A violation names one of these and the first bad entry. */
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
    ENTRY_AFTER_TERMINATION,

    // --- replay: every entry must be a lawful transition of the fold of the entries before it (format 2) ---

    /** The carried genesis intent or context does not match the header's initial digests. */
    GENESIS_MISMATCH,
    /** A MUTATE entry in an object that carries no genesis: its patches cannot be replayed. */
    GENESIS_MISSING,
    /** A MUTATE by a node whose domain is neither the owner domain nor one of the intent's replan domains. */
    MUTATE_NOT_ALLOWED,
    /** A MUTATE whose patch, applied to the intent/context before it, does not yield the digests it records. */
    MUTATE_NOT_DERIVABLE,
    /** An EXECUTE, MUTATE or DELEGATE while the object is dormant (only REENTER, DORMANT or TERMINATE may follow). */
    NOT_ACTIVE,
    /** An EXECUTE of another step than the next one (or than the compensation the fold expects). */
    EXECUTE_OUT_OF_ORDER,
    /** An EXECUTE whose attempt is not the attempts made so far + 1. */
    ATTEMPT_OUT_OF_SEQUENCE,
    /** An EXECUTE of a step that already failed for good (its retries spent, or a non-retryable error). */
    RETRY_LIMIT_EXCEEDED,
    /** The first attempt of a step with an await condition, before a REENTER satisfied it. */
    AWAIT_NOT_SATISFIED,
    /** An EXECUTE by a node outside the step's routing trust domain or the context's allowed domains. */
    EXECUTE_OUT_OF_ROUTE,
    /** A DORMANT entry whose cause does not fit the state (an await, a review, a backoff the fold does not expect). */
    DORMANT_UNLAWFUL,
    /** A REENTER while the object is not dormant. */
    REENTER_WITHOUT_DORMANT,
    /** A REENTER naming no pending condition, another step, a time not reached or a signal not recorded/allowed. */
    REENTER_CONDITION_UNMET,
    /** A DELEGATE to a domain outside the context's allowed domains (or to no target). */
    DELEGATE_NOT_ALLOWED,
    /** The entry after a DELEGATE is appended by neither its target nor (transfer failed) its delegator. */
    CUSTODY_NOT_CONTINUED,
    /** A TERMINATE whose status the fold does not imply (COMPLETED with steps left, FAILED with no failed step). */
    TERMINATE_STATUS_UNLAWFUL;

    /**
     * True for the rules of meaning (the replay, and nothing after TERMINATE): a history that breaks one of them may
     * still be chained and signed correctly. False for the rules of bytes (chain, signatures, digests).
     */
    public boolean ofHistory() {
        return this == ENTRY_AFTER_TERMINATION || compareTo(GENESIS_MISMATCH) >= 0;
    }
}
