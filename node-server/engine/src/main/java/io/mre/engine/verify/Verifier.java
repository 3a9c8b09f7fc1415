package io.mre.engine.verify;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.mre.crypto.CertifiedKey;
import io.mre.crypto.ChainValidation;
import io.mre.crypto.KeyIds;
import io.mre.engine.codec.Digests;
import io.mre.engine.codec.ObjectCodec;
import io.mre.engine.fold.Fold;
import io.mre.engine.time.Timestamps;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Header;
import io.mre.proto.v1.Signature;
import io.mre.proto.v1.SignerCertificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks every integrity rule of an object (docs/object-format.md) and returns what it decoded and folded, or throws an
 * {@code INTEGRITY_VIOLATION} naming the rule and the first bad entry. Size limits come first, so an
 * oversize object is refused before any hashing. Thread-safe.
 */
public final class Verifier {
    private final VerifierSettings settings;
    private final Optional<VerifiedSignatures> seen;

    /** A verifier that checks every signature of every object it is given. */
    public Verifier(VerifierSettings settings) {
        this(settings, Optional.empty());
    }

    /**
     * A verifier that skips the signature checks of entries it has verified before ({@code seen}); everything else
     * is checked every time.
     */
    public Verifier(VerifierSettings settings, Optional<VerifiedSignatures> seen) {
        this.seen = requireNonNull(seen, "seen is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    public VerifierSettings settings() {
        return settings;
    }

    /** Verifies {@code object}: limits, header, then each entry in order, then the carried intent and context. */
    public VerifiedObject verify(ExecutableObject object) {
        Header header = ObjectCodec.checkShape(object, settings.limits());
        String objectId = header.getObjectId();
        Signers signers = new Signers(objectId, object.getSignersList());
        verifyHeaderSignatures(object, header, signers);

        ByteString prev =
                ByteString.copyFrom(Digests.headerDigest(object.getHeader().getHeader()));
        ByteString intentDigest = header.getInitialIntentDigest();
        ByteString contextDigest = header.getInitialContextDigest();
        List<EntryEnvelope> envelopes = object.getMemory().getEntriesList();
        List<Entry> entries = new ArrayList<>(envelopes.size());
        Fold fold = Fold.start(header);
        ByteString carriedIntent = ByteString.copyFrom(Digests.intentDigest(object.getIntent()));
        ByteString carriedContext = ByteString.copyFrom(Digests.contextDigest(object.getContext()));
        Replay replay = replay(object, header, fold, carriedIntent, carriedContext, settings.replay());
        boolean terminated = false;
        for (int i = 0; i < envelopes.size(); i++) {
            EntryEnvelope envelope = envelopes.get(i);
            Entry entry = decode(objectId, i, envelope);
            if (terminated && settings.replay()) {
                throw IntegrityViolation.of(
                        objectId,
                        IntegrityRule.ENTRY_AFTER_TERMINATION,
                        i,
                        "the object terminated at seq " + (i - 1) + "; nothing may follow");
            }
            if (!entry.getObjectId().equals(objectId)) {
                throw IntegrityViolation.of(
                        objectId,
                        IntegrityRule.OBJECT_ID_MISMATCH,
                        i,
                        "entry belongs to object '" + entry.getObjectId() + "'");
            }
            if (entry.getSeq() != i) {
                throw IntegrityViolation.of(
                        objectId,
                        IntegrityRule.SEQ_NOT_CONTIGUOUS,
                        i,
                        "entry at position " + i + " has seq " + entry.getSeq());
            }
            if (!entry.getPrevHash().equals(prev)) {
                throw IntegrityViolation.of(
                        objectId,
                        IntegrityRule.CHAIN_BROKEN,
                        i,
                        "prev_hash " + shortHex(entry.getPrevHash()) + " is not the hash of "
                                + (i == 0 ? "the header " : "entry seq " + (i - 1) + " ") + shortHex(prev));
            }
            ByteString hash = ByteString.copyFrom(Digests.entryHash(envelope));
            verifySignatures(objectId, i, entry, envelope, hash, signers);
            boolean mutate = entry.getAction() == Action.ACTION_MUTATE;
            if (!mutate && !entry.getIntentDigest().equals(intentDigest)) {
                throw IntegrityViolation.of(
                        objectId,
                        IntegrityRule.INTENT_CHANGED_WITHOUT_MUTATE,
                        i,
                        "a " + entry.getAction() + " entry records a different intent digest");
            }
            if (!mutate && !entry.getContextDigest().equals(contextDigest)) {
                throw IntegrityViolation.of(
                        objectId,
                        IntegrityRule.CONTEXT_CHANGED_WITHOUT_MUTATE,
                        i,
                        "a " + entry.getAction() + " entry records a different context digest");
            }
            replay.check(i, entry, intentDigest, contextDigest);
            intentDigest = entry.getIntentDigest();
            contextDigest = entry.getContextDigest();
            prev = hash;
            terminated = entry.getAction() == Action.ACTION_TERMINATE;
            entries.add(entry);
            fold.apply(entry);
        }
        long lastSeq = envelopes.size() - 1L;
        if (!carriedIntent.equals(intentDigest)) {
            throw IntegrityViolation.of(
                    objectId,
                    IntegrityRule.INTENT_CHANGED_WITHOUT_MUTATE,
                    lastSeq,
                    "the carried intent differs from the intent recorded " + recordedWhere(lastSeq));
        }
        if (!carriedContext.equals(contextDigest)) {
            throw IntegrityViolation.of(
                    objectId,
                    IntegrityRule.CONTEXT_CHANGED_WITHOUT_MUTATE,
                    lastSeq,
                    "the carried context differs from the context recorded " + recordedWhere(lastSeq));
        }
        return new VerifiedObject(object, header, entries, prev, intentDigest, contextDigest, fold);
    }

    /**
     * The replay of the history from the intent and context at creation: the genesis (which must match the
     * header's initial digests), else the carried ones when they still have the initial digests (no MUTATE can
     * have changed them: without a genesis any MUTATE is refused). Otherwise the start is unknown and the check of
     * the carried intent/context after the last entry refuses the object.
     */
    private static Replay replay(
            ExecutableObject object,
            Header header,
            Fold fold,
            ByteString carriedIntent,
            ByteString carriedContext,
            boolean replay) {
        String objectId = header.getObjectId();
        if (!replay) {
            return Replay.off(objectId, header, fold, object.getIntent(), object.getContext());
        }
        if (object.hasGenesis()) {
            var genesis = object.getGenesis();
            if (!ByteString.copyFrom(Digests.intentDigest(genesis.getIntent()))
                    .equals(header.getInitialIntentDigest())) {
                throw IntegrityViolation.of(
                        objectId,
                        IntegrityRule.GENESIS_MISMATCH,
                        -1,
                        "the genesis intent does not have the header's initial intent digest");
            }
            if (!ByteString.copyFrom(Digests.contextDigest(genesis.getContext()))
                    .equals(header.getInitialContextDigest())) {
                throw IntegrityViolation.of(
                        objectId,
                        IntegrityRule.GENESIS_MISMATCH,
                        -1,
                        "the genesis context does not have the header's initial context digest");
            }
            boolean unchanged = carriedIntent.equals(header.getInitialIntentDigest());
            // The carried intent object itself when it is unchanged, so the fold indexes its plan only once.
            return new Replay(
                    objectId,
                    header,
                    fold,
                    unchanged ? object.getIntent() : genesis.getIntent(),
                    carriedContext.equals(header.getInitialContextDigest())
                            ? object.getContext()
                            : genesis.getContext(),
                    true,
                    true);
        }
        boolean known = carriedIntent.equals(header.getInitialIntentDigest())
                && carriedContext.equals(header.getInitialContextDigest());
        return new Replay(objectId, header, fold, object.getIntent(), object.getContext(), false, known);
    }

    private static String recordedWhere(long lastSeq) {
        return lastSeq < 0 ? "in the header" : "by the last entry (seq " + lastSeq + ")";
    }

    private Entry decode(String objectId, int seq, EntryEnvelope envelope) {
        Entry entry;
        try {
            entry = Entry.parseFrom(envelope.getEntry());
        } catch (InvalidProtocolBufferException e) {
            throw IntegrityViolation.of(
                    objectId,
                    IntegrityRule.ENTRY_MALFORMED,
                    seq,
                    "entry bytes are not a valid mre.v1.Entry: " + e.getMessage());
        }
        String missing = null;
        if (entry.getAction() == Action.ACTION_UNSPECIFIED || entry.getAction() == Action.UNRECOGNIZED) {
            missing = "action";
        } else if (entry.getNode().getNodeId().isEmpty()
                || entry.getNode().getTrustDomain().isEmpty()) {
            missing = "node";
        } else if (!entry.hasTime() || !Timestamps.isValid(entry.getTime())) {
            missing = "time";
        } else if (entry.getIntentDigest().size() != 32
                || entry.getContextDigest().size() != 32) {
            missing = "intent_digest/context_digest";
        }
        if (missing != null) {
            throw IntegrityViolation.of(objectId, IntegrityRule.ENTRY_MALFORMED, seq, "entry has no valid " + missing);
        }
        return entry;
    }

    private void verifySignatures(
            String objectId, int seq, Entry entry, EntryEnvelope envelope, ByteString hash, Signers signers) {
        if (envelope.getSignaturesCount() == 0) {
            if (!settings.allowUnsignedEntries()) {
                throw IntegrityViolation.of(
                        objectId,
                        IntegrityRule.SIGNATURE_MISSING,
                        seq,
                        "entry is unsigned and this verifier requires signed entries");
            }
            return;
        }
        String domain = entry.getNode().getTrustDomain();
        Instant at = Timestamps.toInstant(entry.getTime());
        boolean checkedBefore = seen.isPresent() && seen.get().contains(hash);
        byte[] signed = null;
        for (Signature signature : envelope.getSignaturesList()) {
            CertifiedKey key = signers.certified(seq, signature.getKeyId(), domain, at);
            if (!key.nodeId().equals(entry.getNode().getNodeId())) {
                throw IntegrityViolation.of(
                        objectId,
                        IntegrityRule.SIGNER_NOT_TRUSTED,
                        seq,
                        "entry claims node '" + entry.getNode().getNodeId() + "' but is signed by the key of node '"
                                + key.nodeId() + "'");
            }
            if (checkedBefore) {
                continue;
            }
            if (signed == null) {
                signed = Digests.entrySigningInput(envelope.getEntry());
            }
            if (!key.publicKey().verify(signed, signature.getSignature().toByteArray())) {
                throw IntegrityViolation.of(
                        objectId,
                        IntegrityRule.SIGNATURE_INVALID,
                        seq,
                        "signature by key " + signature.getKeyId() + " (" + key.nodeId() + "@" + domain
                                + ") does not verify");
            }
        }
        if (!checkedBefore) {
            seen.ifPresent(s -> s.add(hash));
        }
    }

    private void verifyHeaderSignatures(ExecutableObject object, Header header, Signers signers) {
        List<Signature> signatures = object.getHeader().getSignaturesList();
        if (signatures.isEmpty()) {
            if (settings.requireHeaderSignature()) {
                throw IntegrityViolation.of(
                        header.getObjectId(),
                        IntegrityRule.HEADER_SIGNATURE_INVALID,
                        -1,
                        "header is unsigned and this verifier requires an author signature");
            }
            return;
        }
        String domain = header.getOrigin().getTrustDomain();
        Instant at = Timestamps.toInstant(header.getCreatedAt());
        byte[] signed = Digests.headerSigningInput(object.getHeader().getHeader());
        for (Signature signature : signatures) {
            CertifiedKey key;
            try {
                key = signers.certified(-1, signature.getKeyId(), domain, at);
            } catch (io.mre.engine.MreException e) {
                throw IntegrityViolation.of(
                        header.getObjectId(), IntegrityRule.HEADER_SIGNATURE_INVALID, -1, e.getMessage());
            }
            if (!key.nodeId().equals(header.getOrigin().getAuthor())) {
                // The header would name one author and carry another's signature: the origin would be a lie.
                throw IntegrityViolation.of(
                        header.getObjectId(),
                        IntegrityRule.HEADER_SIGNATURE_INVALID,
                        -1,
                        "origin.author is '" + header.getOrigin().getAuthor()
                                + "' but the header is signed by the key of '" + key.nodeId() + "'");
            }
            ByteString checked = seen.isPresent() ? headerSignatureHash(signed, signature) : null;
            if (checked != null && seen.get().contains(checked)) {
                continue;
            }
            if (!key.publicKey().verify(signed, signature.getSignature().toByteArray())) {
                throw IntegrityViolation.of(
                        header.getObjectId(),
                        IntegrityRule.HEADER_SIGNATURE_INVALID,
                        -1,
                        "author signature by key " + signature.getKeyId() + " does not verify");
            }
            if (checked != null) {
                seen.get().add(checked);
            }
        }
    }

    /**
     * What identifies one author signature for {@link VerifiedSignatures}: SHA-256 over the signed input (which
     * begins with the header's own PAE label, so it never equals an EntryHash), the key id and the signature.
     */
    private static ByteString headerSignatureHash(byte[] signed, Signature signature) {
        try {
            java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
            sha256.update(signed);
            sha256.update(signature.getKeyIdBytes().toByteArray());
            sha256.update(signature.getSignature().toByteArray());
            return ByteString.copyFrom(sha256.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String shortHex(ByteString b) {
        return Digests.shortHex(b.toByteArray());
    }

    /** The object's signers section: each certificate's key id checked once; chains validated by the bundle. */
    private final class Signers {
        private final String objectId;
        private final Map<String, SignerCertificate> byKeyId = new HashMap<>();
        private final Map<String, List<byte[]>> checkedChains = new HashMap<>();

        Signers(String objectId, List<SignerCertificate> certificates) {
            this.objectId = objectId;
            for (SignerCertificate c : certificates) {
                byKeyId.putIfAbsent(c.getKeyId(), c);
            }
        }

        CertifiedKey certified(long seq, String keyId, String domain, Instant at) {
            ChainValidation validation = settings.trust().validate(chain(seq, keyId), domain, at);
            if (validation instanceof ChainValidation.Invalid invalid) {
                throw IntegrityViolation.of(objectId, IntegrityRule.SIGNER_NOT_TRUSTED, seq, invalid.reason());
            }
            return ((ChainValidation.Valid) validation).key();
        }

        private List<byte[]> chain(long seq, String keyId) {
            List<byte[]> chain = checkedChains.get(keyId);
            if (chain != null) {
                return chain;
            }
            SignerCertificate certificate = byKeyId.get(keyId);
            if (certificate == null || certificate.getCertificateChainCount() == 0) {
                throw IntegrityViolation.of(
                        objectId,
                        IntegrityRule.SIGNER_UNKNOWN,
                        seq,
                        "no certificate for key '" + keyId + "' in the object's signers");
            }
            chain = certificate.getCertificateChainList().stream()
                    .map(ByteString::toByteArray)
                    .toList();
            if (!KeyIds.keyId(chain.get(0)).equals(keyId)) {
                throw IntegrityViolation.of(
                        objectId,
                        IntegrityRule.SIGNER_UNKNOWN,
                        seq,
                        "the certificate listed for key '" + keyId + "' has a different key id");
            }
            checkedChains.put(keyId, chain);
            return chain;
        }
    }
}
