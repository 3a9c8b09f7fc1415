package io.mre.cli;

import io.mre.cli.render.Json;
import io.mre.cli.render.Reports;
import io.mre.cli.render.TimelineText;
import io.mre.cli.report.ObjectReport;
import io.mre.client.MreClient;
import io.mre.proto.v1.GetResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mre get}: an object a node holds, shown like {@code mre inspect}. */
@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        header = "Fetch an object a node holds.",
        sortOptions = false,
        description =
                "Fetch an object a node holds (parked: dormant, or in its custody) and show it as 'mre inspect' does.")
final class GetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--at", required = true, paramLabel = "HOST:PORT", description = "The node.")
    String at;

    @Parameters(index = "0", paramLabel = "ID", description = "The object id.")
    String objectId;

    @Option(names = "--out", paramLabel = "OBJ", description = "Also write the object to OBJ.")
    Path out;

    @Option(names = "--json", description = "Print the inspect JSON document (docs/inspect-json.md).")
    boolean json;

    @Mixin
    RemoteOptions remote;

    @Override
    public Integer call() throws IOException {
        String address = Addresses.check("--at", at);
        GetResponse response;
        try (MreClient client = remote.connect(address)) {
            response = client.get(objectId);
        }
        ObjectReport report = Reports.object(response.getObject(), Optional.empty());
        PrintWriter o = spec.commandLine().getOut();
        o.print(json ? Json.pretty(report) + System.lineSeparator() : TimelineText.render(report));
        if (out != null) {
            ObjectFiles.write(out, response.getObject(), true);
            if (!json) {
                o.println("wrote " + out);
            }
        }
        o.flush();
        return ExitCodes.OK;
    }
}
