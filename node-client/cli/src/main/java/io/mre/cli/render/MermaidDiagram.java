package io.mre.cli.render;

import io.mre.cli.report.ConditionReport;
import io.mre.cli.report.EntryReport;
import io.mre.cli.report.NodeName;
import io.mre.cli.report.ObjectReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The journey of an object as a Mermaid sequence diagram ({@code mre inspect --mermaid}): the author, then the
 * nodes grouped in one box per trust domain; an arrow for every hand-over (the submission, each delegation) and a
 * note for what each node did.
 */
public final class MermaidDiagram {
    private MermaidDiagram() {}

    public static String render(ObjectReport r) {
        Map<NodeName, String> ids = new LinkedHashMap<>();
        for (EntryReport e : r.entries()) {
            if (e.node() != null) {
                ids.computeIfAbsent(new NodeName(e.node(), e.domain()), n -> "N" + ids.size());
            }
            if (e.delegate() != null && e.delegate().target() != null) {
                ids.computeIfAbsent(e.delegate().target(), n -> "N" + ids.size());
            }
        }
        StringBuilder b = new StringBuilder("sequenceDiagram\n");
        b.append("    %% ").append(safe(r.intent().name() + " " + r.objectId())).append('\n');
        String author =
                safe((r.origin().author() == null ? "author" : r.origin().author())
                        + (r.origin().domain() == null ? "" : " @ " + r.origin().domain()));
        b.append("    actor A as ").append(author).append('\n');
        Map<String, List<NodeName>> byDomain = new LinkedHashMap<>();
        ids.keySet()
                .forEach(n -> byDomain.computeIfAbsent(n.domain() == null ? "?" : n.domain(), d -> new ArrayList<>())
                        .add(n));
        byDomain.forEach((domain, nodes) -> {
            // "transparent" keeps Mermaid from reading a domain name as a colour.
            b.append("    box transparent ").append(safe(domain)).append('\n');
            nodes.forEach(n -> b.append("        participant ")
                    .append(ids.get(n))
                    .append(" as ")
                    .append(safe(n.node()))
                    .append('\n'));
            b.append("    end\n");
        });
        if (r.entries().isEmpty()) {
            b.append("    Note over A: created, not yet submitted\n");
            return b.toString();
        }
        String holder = "A";
        for (EntryReport e : r.entries()) {
            if (e.node() == null) {
                b.append("    Note over ")
                        .append(holder)
                        .append(": seq ")
                        .append(e.seq())
                        .append(" undecodable\n");
                continue;
            }
            String at = ids.get(new NodeName(e.node(), e.domain()));
            if (!at.equals(holder)) {
                b.append("    ")
                        .append(holder)
                        .append("->>")
                        .append(at)
                        .append(": ")
                        .append(holder.equals("A") && e.seq() == 0 ? "submit" : "hand over")
                        .append('\n');
            }
            if (e.delegate() != null && e.delegate().target() != null) {
                String target = ids.get(e.delegate().target());
                b.append("    ")
                        .append(at)
                        .append("->>")
                        .append(target)
                        .append(": ")
                        .append(safe("seq " + e.seq() + " DELEGATE" + (e.step() == null ? "" : " " + e.step())
                                + (e.delegate().reason() == null
                                        ? ""
                                        : " - " + e.delegate().reason())))
                        .append('\n');
                holder = target;
            } else {
                b.append("    Note over ")
                        .append(at)
                        .append(": ")
                        .append(safe(note(e)))
                        .append('\n');
                holder = at;
            }
        }
        return b.toString();
    }

    private static String note(EntryReport e) {
        StringBuilder b = new StringBuilder("seq ").append(e.seq()).append(' ').append(e.action());
        if (e.step() != null) {
            b.append(' ').append(e.step());
        }
        if (e.execute() != null && e.execute().compensation()) {
            b.append(" (compensation)");
        }
        if (e.outcome() != null && e.outcome().error() != null) {
            b.append(" failed ").append(e.outcome().error().code());
        }
        if (e.dormant() != null) {
            b.append(" until ")
                    .append(String.join(
                            " or ",
                            e.dormant().conditions().stream()
                                    .map(ConditionReport::describe)
                                    .toList()));
        }
        if (e.reenter() != null && e.reenter().satisfied() != null) {
            b.append(" on ").append(e.reenter().satisfied().describe());
        }
        if (e.terminate() != null) {
            b.append(' ').append(e.terminate().status());
        }
        if (e.verdict() != null && !"PERMIT".equals(e.verdict())) {
            b.append(" [")
                    .append(e.verdict())
                    .append(e.reason() == null ? "" : ": " + e.reason())
                    .append(']');
        }
        if (!e.advice().isEmpty()) {
            b.append(" (advice from ")
                    .append(String.join(
                            ", ",
                            e.advice().stream()
                                    .map(EntryReport.AdviceItem::advisor)
                                    .toList()))
                    .append(')');
        }
        return b.toString();
    }

    /** Mermaid reads ';' and '#' as syntax and '<' '>' as markup in message text. */
    static String safe(String text) {
        return text.replace('\n', ' ')
                .replace('\r', ' ')
                .replace(";", ",")
                .replace("#", "no. ")
                .replace('<', '(')
                .replace('>', ')')
                .replace("%%", "%");
    }
}
