package io.mre.cli.report;

import java.util.List;

/**
 * What {@code mre submit --json} prints: the entries appended while the command watched (by the node submitted to
 * and, with {@code --wait}, by every node the object went through), the final status, and the file written.
 */
public record SubmitReport(String objectId, String node, List<EntryReport> appended, StatusReport status, String out) {
    public SubmitReport {
        appended = List.copyOf(appended);
    }
}
