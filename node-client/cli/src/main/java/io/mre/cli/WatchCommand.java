package io.mre.cli;

import io.mre.cli.report.StatusReport;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mre watch}: an object's entries, live, as they are appended. */
@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        header = "Print an object's entries live as a node appends them.",
        sortOptions = false,
        description = {
            "Print an object's entries as a node appends them (the ones already there first, from --from), until the "
                    + "object terminates or the node ends the stream. Ctrl-C stops watching.",
            "--follow follows the object wherever it goes until it terminates: each node that hands it on says "
                    + "where it went, also after the fact (through stateless nodes, and back to nodes it left)."
        })
final class WatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--at", required = true, paramLabel = "HOST:PORT", description = "The node.")
    String at;

    @Parameters(index = "0", paramLabel = "ID", description = "The object id.")
    String objectId;

    @Option(
            names = "--from",
            paramLabel = "SEQ",
            defaultValue = "0",
            description = "The first seq to show (default: ${DEFAULT-VALUE}).")
    long from;

    @Option(names = "--follow", description = "Follow the object from node to node until it terminates.")
    boolean follow;

    @Option(names = "--json", description = "One JSON object per entry per line (the entries of docs/inspect-json.md).")
    boolean json;

    @Mixin
    RemoteOptions remote;

    @Override
    public Integer call() {
        if (from < 0) {
            throw CliException.usage("--from must be 0 or more, got " + from);
        }
        String address = Addresses.check("--at", at);
        PrintWriter o = spec.commandLine().getOut();
        LivePrinter printer = new LivePrinter(o, json);
        Follower.Result result = new Follower(remote, printer::entry, printer::moved, follow)
                .run(address, objectId, from, Optional.empty());
        if (!json) {
            o.println(result.status()
                    .map(StatusReport::describe)
                    .map(s -> "status " + s)
                    .orElse("(the node ended the stream)"));
        }
        o.flush();
        return ExitCodes.OK;
    }
}
