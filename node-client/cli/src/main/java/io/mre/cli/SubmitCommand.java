package io.mre.cli;

import io.mre.cli.render.Json;
import io.mre.cli.render.Reports;
import io.mre.cli.report.EntryReport;
import io.mre.cli.report.StatusReport;
import io.mre.cli.report.SubmitReport;
import io.mre.client.MreClient;
import io.mre.client.MreClientException;
import io.mre.engine.codec.ObjectCodec;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.SubmitResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mre submit}: hand an object to a node and show what it did. */
@Command(
        name = "submit",
        mixinStandardHelpOptions = true,
        header = "Hand an object to a node; show what it did.",
        sortOptions = false,
        description = {
            "Hand an object to a node. The node verifies it and runs it until it leaves the node (delegated, dormant "
                    + "or terminated); this prints the entries the node appended and where the object stands.",
            "--wait keeps watching, following delegations from node to node, until the object terminates."
        })
final class SubmitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--to", required = true, paramLabel = "HOST:PORT", description = "The node.")
    String to;

    @Parameters(index = "0", paramLabel = "OBJ", description = "The object file.")
    Path file;

    @Option(
            names = "--out",
            paramLabel = "OBJ2",
            description = "Write the object as it came back (with --wait: as it ended) to OBJ2 (may be OBJ itself).")
    Path out;

    @Option(names = "--wait", description = "Watch until the object terminates, following it across nodes.")
    boolean waitForEnd;

    @Option(
            names = "--wait-timeout",
            paramLabel = "DURATION",
            defaultValue = "10m",
            description = "Give up waiting after this long (default: ${DEFAULT-VALUE}); exit 1.")
    Duration waitTimeout;

    @Option(
            names = "--json",
            description = "Print one JSON document at the end (entries appended, status, file written).")
    boolean json;

    @Mixin
    RemoteOptions remote;

    @Override
    public Integer call() throws IOException {
        String address = Addresses.check("--to", to);
        ExecutableObject object = ObjectFiles.read(file);
        String objectId = ObjectCodec.header(object).getObjectId();
        int before = object.getMemory().getEntriesCount();
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SubmitResponse response;
        try (MreClient client = remote.connect(address)) {
            response = client.submit(object);
        }
        ExecutableObject returned = response.getObject();
        StatusReport status = Reports.status(response.getStatus());
        List<EntryReport> seen = new ArrayList<>();
        LivePrinter printer = new LivePrinter(o, false);
        Consumer<EntryReport> sink = json
                ? seen::add
                : e -> {
                    seen.add(e);
                    printer.entry(e);
                };
        List<EntryEnvelope> envelopes = returned.getMemory().getEntriesList();
        int appended = envelopes.size() - before;
        if (!json) {
            o.println("submitted " + objectId + " to " + address + "; the node appended " + appended
                    + (appended == 1 ? " entry" : " entries"));
        }
        for (int i = before; i < envelopes.size(); i++) {
            sink.accept(Reports.entry(i, envelopes.get(i)));
        }
        int exit = ExitCodes.OK;
        ExecutableObject last = returned;
        if (waitForEnd && !"TERMINATED".equals(status.lifecycle())) {
            // The node it was submitted to says where the object went, even when it has already come back or
            // passed through stateless nodes (Watch ends with WatchResponse.moved).
            String at = address;
            Follower.Result result;
            try {
                result = new Follower(remote, sink, json ? a -> {} : printer::moved, true)
                        .run(at, objectId, envelopes.size(), Optional.of(waitTimeout));
            } catch (MreClientException e) {
                throw CliException.failed(
                        "stopped waiting: " + ErrorReporter.describe(e).message());
            }
            status = result.status().orElse(status);
            if (result.end() == Follower.End.TIMED_OUT) {
                err.println("mre: gave up waiting after " + waitTimeout + "; the object is " + status.describe());
                exit = ExitCodes.FAILED;
            } else if (result.end() == Follower.End.STREAM_ENDED && !"TERMINATED".equals(status.lifecycle())) {
                err.println("mre: " + result.address() + " ended the watch before the object terminated; it is "
                        + status.describe());
                exit = ExitCodes.FAILED;
            }
            if (out != null) {
                last = fetch(result.address(), objectId).orElse(returned);
            }
        }
        if (out != null) {
            ObjectFiles.write(out, last, true);
        }
        if (json) {
            o.println(Json.pretty(
                    new SubmitReport(objectId, address, seen, status, out == null ? null : out.toString())));
        } else {
            o.println("status " + status.describe());
            if (out != null) {
                o.println("wrote " + out);
            } else if (!"TERMINATED".equals(status.lifecycle())) {
                o.println("(the object as returned was not saved: add --out FILE to keep it)");
            }
        }
        o.flush();
        err.flush();
        return exit;
    }

    private Optional<ExecutableObject> fetch(String address, String objectId) {
        try (MreClient client = remote.connect(address)) {
            return Optional.of(client.get(objectId).getObject());
        } catch (MreClientException e) {
            spec.commandLine()
                    .getErr()
                    .println("mre: could not fetch the final object from " + address + " ("
                            + ErrorReporter.describe(e).message() + "); writing the object as submit returned it");
            return Optional.empty();
        }
    }
}
