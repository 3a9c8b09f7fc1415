package io.mre.cli.render;

import io.mre.cli.report.ConditionReport;
import io.mre.cli.report.EntryReport;
import io.mre.cli.report.ObjectReport;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The readable timeline of {@code mre inspect}: a summary of the object, then one row per entry (seq, time, node,
 * domain, action, step, verdict, reason) followed by indented lines for what the entry did, the policies that did
 * not simply permit, the advice received and the signals recorded.
 */
public final class TimelineText {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final int MAX_VALUE = 100;
    private static final String INDENT = "       ";

    /** Column widths; rows printed one at a time (watch) use {@link #STREAMING}. */
    public record Columns(int node, int domain, int step) {
        public static final Columns STREAMING = new Columns(12, 18, 14);

        static Columns fit(List<EntryReport> entries) {
            int node = 4;
            int domain = 6;
            int step = 4;
            for (EntryReport e : entries) {
                node = Math.max(node, length(e.node()));
                domain = Math.max(domain, length(e.domain()));
                step = Math.max(step, length(stepLabel(e)));
            }
            return new Columns(node, domain, step);
        }
    }

    private TimelineText() {}

    /** The whole object. */
    public static String render(ObjectReport r) {
        StringBuilder b = new StringBuilder();
        b.append("object   ")
                .append(r.objectId())
                .append("  ")
                .append(r.intent().name())
                .append(r.intent().version() == null ? "" : " " + r.intent().version())
                .append('\n');
        b.append("origin   ")
                .append(or(r.origin().author()))
                .append('@')
                .append(or(r.origin().domain()))
                .append(r.headerSigned() ? " (header signed)" : " (header unsigned)")
                .append(", created ")
                .append(time(r.createdAt()))
                .append('\n');
        b.append("plan     ")
                .append(String.join(
                        " -> ", r.intent().steps().stream().map(s -> s.id()).toList()))
                .append("  (on failure: ")
                .append(r.intent().onFailure().toLowerCase(java.util.Locale.ROOT))
                .append(")\n");
        String context = context(r.context());
        if (!context.isEmpty()) {
            b.append("context  ").append(context).append('\n');
        }
        b.append("status   ")
                .append(r.status() == null ? "cannot be folded" : r.status().describe())
                .append('\n');
        if (r.verification() != null) {
            ObjectReport.Verification v = r.verification();
            String broken = v.rule() + (v.seq() == null ? " at the header" : " at seq " + v.seq()) + ": " + v.message();
            b.append("verified ")
                    .append(v.valid() ? "valid against the trust anchors given" : "INVALID: " + broken)
                    .append('\n');
            b.append("         signatures valid: ")
                    .append(
                            v.signaturesValid()
                                    ? "yes"
                                    : "NO" + (v.historyLawful() == null ? " (" + v.rule() + ")" : " (also)"))
                    .append('\n');
            b.append("         history lawful:   ")
                    .append(
                            v.historyLawful() == null
                                    ? "not checked (signatures invalid)"
                                    : v.historyLawful()
                                            ? "yes (every entry a lawful transition of its intent)"
                                            : "NO (" + v.rule() + (v.seq() == null ? "" : " at seq " + v.seq()) + ")")
                    .append('\n');
        }
        b.append('\n');
        if (r.entries().isEmpty()) {
            b.append("(no entries yet: submit the object to a node)\n");
            return b.toString();
        }
        Columns columns = Columns.fit(r.entries());
        b.append(heading(columns)).append('\n');
        for (EntryReport e : r.entries()) {
            rows(e, columns).forEach(line -> b.append(line).append('\n'));
        }
        return b.toString();
    }

    /** The column headings. */
    public static String heading(Columns c) {
        return String.format(
                        "%-4s %-24s %-" + c.node() + "s %-" + c.domain() + "s %-9s %-" + c.step() + "s %-9s %s",
                        "SEQ",
                        "TIME",
                        "NODE",
                        "DOMAIN",
                        "ACTION",
                        "STEP",
                        "VERDICT",
                        "REASON")
                .stripTrailing();
    }

    /** The row of one entry and its indented detail lines. */
    public static List<String> rows(EntryReport e, Columns c) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(
                        "%-4d %-24s %-" + c.node() + "s %-" + c.domain() + "s %-9s %-" + c.step() + "s %-9s %s",
                        e.seq(),
                        time(e.time()),
                        or(e.node()),
                        or(e.domain()),
                        or(e.action()),
                        or(stepLabel(e)),
                        or(e.verdict()),
                        or(e.reason()))
                .stripTrailing());
        detail(e).ifPresent(lines::add);
        for (EntryReport.Judgement j : e.policies()) {
            if (!"PERMIT".equals(j.verdict())) {
                lines.add(INDENT + "policy  " + j.policy() + ": " + or(j.verdict())
                        + (j.reason() == null ? "" : " - " + j.reason()));
            }
        }
        for (EntryReport.ConstraintItem constraint : e.constraints()) {
            lines.add(INDENT + "constraint  " + constraint.kind() + " " + constraint.value());
        }
        for (EntryReport.AdviceItem a : e.advice()) {
            lines.add(INDENT + "advice  " + a.advisor()
                    + (a.failed()
                            ? " failed: "
                            : " suggests " + or(a.suggestedAction())
                                    + (a.patch() == null ? "" : " (" + patch(a.patch()) + ")") + ": ")
                    + or(a.rationale()));
        }
        for (EntryReport.SignalItem s : e.signals()) {
            lines.add(INDENT + "signal  '" + s.name() + "'" + (s.fromDomain() == null ? "" : " from " + s.fromDomain())
                    + (s.sender() == null ? "" : " (sent by " + s.sender().describe() + ")")
                    + (s.payload() == null || s.payload().isEmpty() ? "" : " " + clip(Json.compact(s.payload()))));
        }
        return lines;
    }

    private static java.util.Optional<String> detail(EntryReport e) {
        String text = null;
        if (e.execute() != null) {
            StringBuilder b = new StringBuilder(e.execute().compensation() ? "compensated with " : "ran ")
                    .append(e.execute().operation());
            if (e.outcome() != null && e.outcome().error() != null) {
                EntryReport.StepError err = e.outcome().error();
                b.append(": failed ")
                        .append(err.code())
                        .append(" - ")
                        .append(err.message())
                        .append(err.retryable() ? " (retryable)" : "");
            } else if (e.outcome() != null && e.outcome().output() != null) {
                b.append(": output ").append(clip(Json.compact(e.outcome().output())));
            }
            text = b.toString();
        } else if (e.mutate() != null) {
            text = "changed "
                    + (e.mutate().patch() == null ? "nothing" : patch(e.mutate().patch()))
                    + (e.mutate().reason() == null ? "" : ": " + e.mutate().reason())
                    + (e.mutate().suggestedBy() == null
                            ? ""
                            : " (suggested by " + e.mutate().suggestedBy() + ")");
        } else if (e.delegate() != null) {
            text = "-> " + e.delegate().target()
                    + (e.delegate().address() == null
                            ? ""
                            : " at " + e.delegate().address())
                    + (e.delegate().reason() == null ? "" : ": " + e.delegate().reason());
        } else if (e.dormant() != null) {
            String why = e.dormant().reason();
            text = "sleeps (" + or(e.dormant().cause()) + ") until "
                    + String.join(
                            " or ",
                            e.dormant().conditions().stream()
                                    .map(ConditionReport::describe)
                                    .toList())
                    + (why == null || (e.reason() != null && why.endsWith(e.reason())) ? "" : ": " + why);
        } else if (e.reenter() != null) {
            text = "woke on "
                    + (e.reenter().satisfied() == null
                            ? "?"
                            : e.reenter().satisfied().describe());
        } else if (e.terminate() != null) {
            String why = e.terminate().reason();
            text = "ended " + or(e.terminate().status()) + (why == null || why.equals(e.reason()) ? "" : ": " + why)
                    + (e.terminate().requestedBy() == null
                            ? ""
                            : " (requested by " + e.terminate().requestedBy().describe() + ")");
        }
        return java.util.Optional.ofNullable(text).map(t -> INDENT + t);
    }

    private static String patch(EntryReport.Patch p) {
        List<String> parts = new ArrayList<>();
        if ("intent".equals(p.target())) {
            p.insertSteps()
                    .forEach(i -> parts.add("insert " + i.stepId() + " (" + i.operation() + ")"
                            + (i.after() == null ? " first" : " after " + i.after())));
            p.removeStepIds().forEach(id -> parts.add("remove " + id));
            p.replaceStepIds().forEach(id -> parts.add("replace " + id));
            return "plan: " + (parts.isEmpty() ? "no change" : String.join(", ", parts));
        }
        p.setLabels().forEach((k, v) -> parts.add("label " + k + "=" + v));
        p.removeLabels().forEach(k -> parts.add("remove label " + k));
        if (p.deadline() != null) {
            parts.add("deadline " + p.deadline());
        }
        if (p.classification() != null) {
            parts.add("classification " + p.classification());
        }
        return "context: " + (parts.isEmpty() ? "no change" : String.join(", ", parts));
    }

    private static String context(ObjectReport.Context c) {
        List<String> parts = new ArrayList<>();
        add(parts, "tenant", c.tenant());
        add(parts, "owner", c.ownerDomain());
        add(parts, "classification", c.classification());
        if (!c.residency().isEmpty()) {
            parts.add("residency " + String.join(",", c.residency()));
        }
        if (!c.allowedDomains().isEmpty()) {
            parts.add("domains " + String.join(",", c.allowedDomains()));
        }
        add(parts, "deadline", c.deadline());
        if (c.maxHops() > 0) {
            parts.add("max hops " + c.maxHops());
        }
        return String.join(", ", parts);
    }

    private static void add(List<String> parts, String label, String value) {
        if (value != null) {
            parts.add(label + " " + value);
        }
    }

    private static String stepLabel(EntryReport e) {
        if (e.step() == null) {
            return null;
        }
        return e.attempt() > 1 ? e.step() + "#" + e.attempt() : e.step();
    }

    static String time(String iso) {
        if (iso == null) {
            return "-";
        }
        try {
            return TIME.format(Instant.parse(iso));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    private static String clip(String s) {
        return s.length() <= MAX_VALUE ? s : s.substring(0, MAX_VALUE - 3) + "...";
    }

    private static String or(String s) {
        return s == null ? "-" : s;
    }

    private static int length(String s) {
        return s == null ? 1 : s.length();
    }
}
