package io.mre.cli;

import io.mre.cli.render.Json;
import io.mre.cli.render.Reports;
import io.mre.cli.report.StatusReport;
import io.mre.client.MreClient;
import io.mre.proto.v1.CancelResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mre cancel}: terminate an object a node holds, as CANCELLED. */
@Command(
        name = "cancel",
        mixinStandardHelpOptions = true,
        header = "Cancel an object a node holds.",
        sortOptions = false,
        description = "Cancel an object a node holds: it terminates CANCELLED at once (compensations are not run).")
final class CancelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--at", required = true, paramLabel = "HOST:PORT", description = "The node.")
    String at;

    @Parameters(index = "0", paramLabel = "ID", description = "The object id.")
    String objectId;

    @Option(
            names = "--reason",
            paramLabel = "TEXT",
            defaultValue = "cancelled with mre cancel",
            description = "Why, recorded in the TERMINATE entry (default: '${DEFAULT-VALUE}').")
    String reason;

    @Option(names = "--out", paramLabel = "OBJ", description = "Write the cancelled object.")
    Path out;

    @Option(names = "--json", description = "Print the resulting status as JSON.")
    boolean json;

    @Mixin
    RemoteOptions remote;

    @Override
    public Integer call() throws IOException {
        String address = Addresses.check("--at", at);
        CancelResponse response;
        try (MreClient client = remote.connect(address)) {
            response = client.cancel(objectId, reason);
        }
        StatusReport status = Reports.status(response.getStatus());
        if (out != null) {
            ObjectFiles.write(out, response.getObject(), true);
        }
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            o.println(Json.pretty(status));
        } else {
            o.println("cancelled " + objectId);
            o.println("status " + status.describe());
            if (out != null) {
                o.println("wrote " + out);
            }
        }
        o.flush();
        return ExitCodes.OK;
    }
}
