package io.mre.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The whole object as {@code mre inspect} shows it; {@code mre inspect --json} prints exactly this (format
 * {@value #FORMAT}, documented in {@code docs/inspect-json.md}).
 *
 * @param format always {@value #FORMAT}; a change that removes or renames a field changes it
 * @param objectId the object's id
 * @param formatVersion the object's format version
 * @param createdAt creation time (ISO-8601, UTC)
 * @param origin the author and its trust domain
 * @param headerSigned whether the author signed the header
 * @param intent the intent as carried now
 * @param context the context as carried now
 * @param status the folded state, or null when the memory could not be folded
 * @param entries the memory, in order
 * @param verification the offline verification result, or null when no trust anchors were given
 */
public record ObjectReport(
        String format,
        String objectId,
        long formatVersion,
        String createdAt,
        Origin origin,
        boolean headerSigned,
        Intent intent,
        Context context,
        StatusReport status,
        List<EntryReport> entries,
        Verification verification) {
    /** The format identifier of the JSON document. */
    public static final String FORMAT = "mre.inspect/v1";

    public ObjectReport {
        entries = List.copyOf(entries);
    }

    /** Who created the object. */
    public record Origin(String author, String domain) {}

    /** The intent: name, version, failure mode (COMPENSATE, TERMINATE, DORMANT_FOR_REVIEW), input and plan. */
    public record Intent(String name, String version, String onFailure, JsonNode input, List<Step> steps) {
        public Intent {
            steps = List.copyOf(steps);
        }
    }

    /** One step of the plan, in short. */
    public record Step(
            String id, String operation, String domain, String compensation, ConditionReport await, int maxAttempts) {}

    /** The context block. */
    public record Context(
            String tenant,
            String ownerDomain,
            String classification,
            List<String> residency,
            List<String> allowedDomains,
            String deadline,
            int maxHops,
            int priority,
            int cycleBudget,
            Map<String, String> labels,
            String traceparent) {
        public Context {
            residency = List.copyOf(residency);
            allowedDomains = List.copyOf(allowedDomains);
            labels = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(labels));
        }
    }

    /**
     * Offline verification, as two facts: whether the bytes hold (chain, certificates, signatures, digests) and
     * whether the history is a lawful run of its intent (the replay, docs/object-format.md). {@code rule},
     * {@code seq} (null for the header) and {@code message} name the first broken rule.
     *
     * @param valid both facts hold
     * @param signaturesValid the chain, certificates, signatures and digests hold (checked over the whole object)
     * @param historyLawful every entry is a lawful transition; null when not checked (the bytes do not hold)
     */
    public record Verification(
            boolean valid, boolean signaturesValid, Boolean historyLawful, String rule, Long seq, String message) {}
}
