package io.mre.cli.report;

import java.util.List;

/**
 * Where an object stands.
 *
 * @param objectId the object's id
 * @param lifecycle ACTIVE, DORMANT or TERMINATED
 * @param terminalStatus COMPLETED, FAILED, REJECTED, CANCELLED or EXPIRED when terminated, else null
 * @param nextStep the next step to run, or null
 * @param entries number of memory entries
 * @param hops number of delegations
 * @param holder the node holding custody, or null when unknown
 * @param pending what a dormant object waits for
 */
public record StatusReport(
        String objectId,
        String lifecycle,
        String terminalStatus,
        String nextStep,
        long entries,
        int hops,
        NodeName holder,
        List<ConditionReport> pending) {
    public StatusReport {
        pending = List.copyOf(pending);
    }

    /** One line: {@code DORMANT, 3 entries, 0 hops, held by n1@d; waiting for signal 'approved'}. */
    public String describe() {
        StringBuilder b = new StringBuilder(lifecycle);
        if (terminalStatus != null) {
            b.append(' ').append(terminalStatus);
        }
        b.append(", ")
                .append(entries)
                .append(entries == 1 ? " entry, " : " entries, ")
                .append(hops)
                .append(hops == 1 ? " hop" : " hops");
        if (holder != null) {
            b.append(", held by ").append(holder);
        }
        if (nextStep != null && !"TERMINATED".equals(lifecycle)) {
            b.append(", next step ").append(nextStep);
        }
        if (!pending.isEmpty()) {
            b.append("; waiting for ")
                    .append(String.join(
                            " or ",
                            pending.stream().map(ConditionReport::describe).toList()));
        }
        return b.toString();
    }
}
