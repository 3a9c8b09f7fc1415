package io.mre.cli;

import io.mre.cli.render.Json;
import io.mre.cli.render.Reports;
import io.mre.cli.report.PeerReport;
import io.mre.client.MreClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mre peers}: what a node says of itself (Describe). */
@Command(
        name = "peers",
        mixinStandardHelpOptions = true,
        header = "Ask a node to describe itself.",
        sortOptions = false,
        description = "Ask a node to describe itself, as its peers see it: id, trust domain, address, mode, health, "
                + "capabilities (the operations it executes), labels and loaded plugins.")
final class PeersCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--at", required = true, paramLabel = "HOST:PORT", description = "The node.")
    String at;

    @Option(names = "--json", description = "Print the description as JSON.")
    boolean json;

    @Mixin
    RemoteOptions remote;

    @Override
    public Integer call() {
        String address = Addresses.check("--at", at);
        PeerReport peer;
        try (MreClient client = remote.connect(address)) {
            peer = Reports.peer(client.describe());
        }
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            o.println(Json.pretty(peer));
        } else {
            o.printf("%-13s %s@%s%n", "node", peer.node(), peer.domain());
            o.printf("%-13s %s%n", "address", peer.address() == null ? address : peer.address());
            o.printf(
                    "%-13s %s, %s%n",
                    "mode", peer.mode() == null ? "-" : peer.mode(), peer.serving() ? "serving" : "NOT serving");
            o.printf(
                    "%-13s %s%n",
                    "capabilities", peer.capabilities().isEmpty() ? "-" : String.join(", ", peer.capabilities()));
            o.printf(
                    "%-13s %s%n",
                    "labels",
                    peer.labels().isEmpty()
                            ? "-"
                            : String.join(
                                    ", ",
                                    peer.labels().entrySet().stream()
                                            .map(e -> e.getKey() + "=" + e.getValue())
                                            .toList()));
            o.printf(
                    "%-13s %s%n",
                    "plugins",
                    peer.plugins().isEmpty()
                            ? "-"
                            : String.join(
                                    ", ",
                                    peer.plugins().stream()
                                            .map(p -> p.name() + " (" + p.kind() + ", " + p.source() + ")")
                                            .toList()));
        }
        o.flush();
        return ExitCodes.OK;
    }
}
