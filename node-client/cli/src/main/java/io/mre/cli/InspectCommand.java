package io.mre.cli;

import io.mre.cli.render.Json;
import io.mre.cli.render.MermaidDiagram;
import io.mre.cli.render.Reports;
import io.mre.cli.render.TimelineText;
import io.mre.cli.report.ObjectReport;
import io.mre.proto.v1.ExecutableObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mre inspect}: an object's journey as a timeline, a JSON document or a Mermaid diagram. */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        header = "Show an object file as a timeline, JSON or a Mermaid diagram.",
        sortOptions = false,
        description = {
            "Show an object file: its intent, context and status, then one row per memory entry (seq, time, node, "
                    + "domain, action, step, verdict and reason) with what it did, the policies that objected, the advice "
                    + "received and the signals recorded.",
            "--json prints one stable document (docs/inspect-json.md); --mermaid a sequence diagram of the journey."
        })
final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OBJ", description = "The object file.")
    Path file;

    @ArgGroup(exclusive = true)
    Format format;

    @Option(
            names = "--trust",
            paramLabel = "DIR",
            description = "Also verify the object offline against the CA certificates in DIR (or a PEM file).")
    Path trust;

    /** The output format. */
    static final class Format {
        @Option(names = "--json", description = "One JSON document (format mre.inspect/v1).")
        boolean json;

        @Option(
                names = "--mermaid",
                description = "A Mermaid sequence diagram of the journey across nodes and domains.")
        boolean mermaid;
    }

    @Override
    public Integer call() throws IOException {
        ExecutableObject object = ObjectFiles.read(file);
        Optional<ObjectReport.Verification> verification = Optional.empty();
        if (trust != null) {
            verification =
                    Optional.of(VerifyCommand.check(object, VerifyCommand.settings(Trust.load(trust), false, false)));
        }
        ObjectReport report = Reports.object(object, verification);
        PrintWriter out = spec.commandLine().getOut();
        if (format != null && format.json) {
            out.println(Json.pretty(report));
        } else if (format != null && format.mermaid) {
            out.print(MermaidDiagram.render(report));
        } else {
            out.print(TimelineText.render(report));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
