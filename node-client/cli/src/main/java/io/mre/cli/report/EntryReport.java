package io.mre.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One memory entry as {@code mre inspect} shows it. Exactly one of {@code execute}, {@code mutate},
 * {@code delegate}, {@code dormant}, {@code reenter}, {@code terminate} is set, matching {@code action}; the others
 * are null. An entry whose bytes do not decode has action {@code UNDECODABLE} and its problem in {@code reason}.
 *
 * @param seq position in the memory
 * @param time when the cycle ran (ISO-8601, UTC)
 * @param node the node that ran it
 * @param domain that node's trust domain
 * @param action EXECUTE, MUTATE, DELEGATE, DORMANT, REENTER, TERMINATE (or UNDECODABLE)
 * @param step the step acted on, or null
 * @param attempt attempt number for EXECUTE, else 0
 * @param verdict the combined verdict PERMIT, DEFER, CONSTRAIN, REJECT, or null when no policy was consulted
 * @param reason the decision's summary, or null
 * @param policies every policy consulted and what it said
 * @param constraints constraints in force
 * @param advice advice received (recorded, never binding)
 * @param outcome for EXECUTE: the output or the error
 * @param signals signals recorded as inputs in this cycle
 * @param signatures number of signatures on the entry (0 = unsigned)
 * @param hash EntryHash of the entry (hex), which the next entry's prev_hash must equal
 */
public record EntryReport(
        long seq,
        String time,
        String node,
        String domain,
        String action,
        String step,
        int attempt,
        String verdict,
        String reason,
        List<Judgement> policies,
        List<ConstraintItem> constraints,
        List<AdviceItem> advice,
        Outcome outcome,
        Execute execute,
        Mutate mutate,
        Delegate delegate,
        Dormant dormant,
        Reenter reenter,
        Terminate terminate,
        List<SignalItem> signals,
        int signatures,
        String hash) {
    public EntryReport {
        policies = List.copyOf(policies);
        constraints = List.copyOf(constraints);
        advice = List.copyOf(advice);
        signals = List.copyOf(signals);
    }

    /** What one policy said. */
    public record Judgement(String policy, String verdict, String reason) {}

    /** A constraint: REQUIRE_DOMAIN, REQUIRE_LABEL or REDACT_OUTPUT, and its value. */
    public record ConstraintItem(String kind, String value) {}

    /** Advice from an advisor; {@code patch} is the suggested plan change, or null. */
    public record AdviceItem(String advisor, String suggestedAction, String rationale, boolean failed, Patch patch) {}

    /** The output (a JSON object) or the error of an executed step; one of the two is null. */
    public record Outcome(JsonNode output, StepError error) {}

    /** A failed attempt. */
    public record StepError(String code, String message, boolean retryable) {}

    /** EXECUTE detail. */
    public record Execute(String operation, String idempotencyKey, boolean compensation) {}

    /** MUTATE detail: why, who suggested it, and the patch. */
    public record Mutate(String reason, String suggestedBy, Patch patch) {}

    /**
     * A change of the plan ({@code target} = "intent") or of the context ({@code target} = "context"); fields of
     * the other target are empty or null.
     */
    public record Patch(
            String target,
            List<Insertion> insertSteps,
            List<String> removeStepIds,
            List<String> replaceStepIds,
            Map<String, String> setLabels,
            List<String> removeLabels,
            String deadline,
            String classification) {
        public Patch {
            insertSteps = List.copyOf(insertSteps);
            removeStepIds = List.copyOf(removeStepIds);
            replaceStepIds = List.copyOf(replaceStepIds);
            setLabels = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(setLabels));
            removeLabels = List.copyOf(removeLabels);
        }
    }

    /** A step inserted by a patch, after {@code after} (null: at the start). */
    public record Insertion(String stepId, String operation, String after) {}

    /** DELEGATE detail. */
    public record Delegate(NodeName target, String address, String reason) {}

    /** DORMANT detail: AWAIT, DEFER, RETRY_BACKOFF, NO_PEER or REVIEW, and the conditions to wake on. */
    public record Dormant(String cause, String reason, List<ConditionReport> conditions) {
        public Dormant {
            conditions = List.copyOf(conditions);
        }
    }

    /** REENTER detail: the condition that held and, for a signal, the signal. */
    public record Reenter(ConditionReport satisfied, SignalItem signal) {}

    /**
     * TERMINATE detail; {@code requestedBy} is the client that asked for a CANCELLED termination (as the node's TLS
     * session proved it), or null for every other termination and for entries written before it was recorded.
     */
    public record Terminate(String status, String reason, Caller requestedBy) {}

    /**
     * A recorded signal; {@code sender} is the client that sent it (as the node's TLS session proved it), or null
     * when not recorded (entries written before it existed).
     */
    public record SignalItem(String name, JsonNode payload, String fromDomain, String receivedAt, Caller sender) {}

    /**
     * A client a node recorded as asking for a signal or a cancel ({@code CallerRef}): its trust domain and name (O
     * and CN of its verified client certificate) and full subject; {@code local} true, names null, for a caller on a
     * plaintext loopback listener.
     */
    public record Caller(String domain, String name, String subject, boolean local) {
        /** {@code name@domain}, or "a local caller" for a plaintext loopback caller. */
        public String describe() {
            if (local) {
                return "a local caller (plaintext loopback)";
            }
            String who = name == null ? subject : name;
            return (who == null ? "?" : who) + "@" + (domain == null ? "?" : domain);
        }
    }
}
