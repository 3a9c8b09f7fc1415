package io.mre.cli;

import io.mre.cli.render.Json;
import io.mre.cli.render.TimelineText;
import io.mre.cli.report.EntryReport;
import java.io.PrintWriter;

/** Prints entries as they arrive: timeline rows under one heading, or one JSON object per line. */
final class LivePrinter {
    private final PrintWriter out;
    private final boolean jsonLines;
    private boolean headed;

    LivePrinter(PrintWriter out, boolean jsonLines) {
        this.out = out;
        this.jsonLines = jsonLines;
    }

    void entry(EntryReport e) {
        if (jsonLines) {
            out.println(Json.compact(e));
        } else {
            if (!headed) {
                out.println(TimelineText.heading(TimelineText.Columns.STREAMING));
                headed = true;
            }
            TimelineText.rows(e, TimelineText.Columns.STREAMING).forEach(out::println);
        }
        out.flush();
    }

    void moved(String address) {
        if (!jsonLines) {
            out.println("       (following the object to " + address + ")");
            out.flush();
        }
    }
}
