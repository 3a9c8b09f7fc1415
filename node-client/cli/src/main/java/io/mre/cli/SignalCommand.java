package io.mre.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.mre.cli.render.Json;
import io.mre.cli.render.Reports;
import io.mre.cli.report.StatusReport;
import io.mre.client.MreClient;
import io.mre.proto.v1.SignalResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mre signal}: send a named signal (e.g. an approval) to an object a node holds. */
@Command(
        name = "signal",
        mixinStandardHelpOptions = true,
        header = "Send a named signal to an object a node holds.",
        sortOptions = false,
        description =
                "Send a named signal (e.g. 'approved') to an object a node holds. A dormant object waiting for it "
                        + "wakes up; otherwise the node records it with the object as an input.")
final class SignalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--at", required = true, paramLabel = "HOST:PORT", description = "The node.")
    String at;

    @Parameters(index = "0", paramLabel = "ID", description = "The object id.")
    String objectId;

    @Parameters(index = "1", paramLabel = "NAME", description = "The signal's name: letters, digits, '-', '_', '.'.")
    String name;

    @Option(
            names = "--payload",
            paramLabel = "JSON",
            description = "Data sent with the signal: a JSON object, or @FILE to read it from a file.")
    String payload;

    @Option(names = "--out", paramLabel = "OBJ", description = "Write the object as the node returned it.")
    Path out;

    @Option(names = "--json", description = "Print the resulting status as JSON.")
    boolean json;

    @Mixin
    RemoteOptions remote;

    @Override
    public Integer call() throws IOException {
        String address = Addresses.check("--at", at);
        Struct data = payload == null ? Struct.getDefaultInstance() : parse(payload);
        SignalResponse response;
        try (MreClient client = remote.connect(address)) {
            response = client.signal(objectId, name, data);
        }
        StatusReport status = Reports.status(response.getStatus());
        if (out != null) {
            ObjectFiles.write(out, response.getObject(), true);
        }
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            o.println(Json.pretty(status));
        } else {
            o.println("signal '" + name + "' " + (response.getWoke() ? "woke " : "recorded for ") + objectId
                    + (response.getWoke() ? "" : " (it was not waiting for it)"));
            o.println("status " + status.describe());
            if (out != null) {
                o.println("wrote " + out);
            }
        }
        o.flush();
        return ExitCodes.OK;
    }

    private static Struct parse(String text) throws IOException {
        String json = text;
        if (text.startsWith("@")) {
            Path file = Path.of(text.substring(1));
            if (!Files.isRegularFile(file)) {
                throw CliException.usage("--payload: no such file: " + file);
            }
            json = Files.readString(file);
        }
        Struct.Builder b = Struct.newBuilder();
        try {
            JsonFormat.parser().merge(json, b);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            String why = e.getMessage() == null
                    ? "unreadable"
                    : e.getMessage().lines().findFirst().orElse("");
            throw CliException.usage("--payload must be a JSON object, e.g. '{\"by\": \"alice\"}': " + why);
        }
        return b.build();
    }
}
