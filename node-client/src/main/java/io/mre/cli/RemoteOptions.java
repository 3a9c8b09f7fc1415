package io.mre.cli;

import io.mre.client.MreClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How remote commands reach a node: TLS material and a deadline. Mixed into every remote command. */
public final class RemoteOptions {
    @Option(names = "--tls", paramLabel = "DIR", defaultValue = "${env:MRE_TLS}",
            description = "Mutual TLS with the material in DIR: ca.crt (the CA certificate(s) of the node's domain), "
                    + "client.crt and client.key (a client identity the node trusts, as 'mre keys init --client NAME' "
                    + "writes it). Default: $MRE_TLS; without either, plaintext (only nodes that allow it on loopback).")
    Path tls;

    @Option(names = "--deadline", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long to wait for each answer (default: ${DEFAULT-VALUE}).")
    Duration deadline;

    /** A client of the node at {@code address}. */
    MreClient connect(String address) {
        MreClient.Builder builder = MreClient.builder().target(address).deadline(deadline);
        if (tls == null) {
            return builder.plaintext().build();
        }
        if (!Files.isDirectory(tls)) {
            throw CliException.usage("--tls " + tls + ": not a folder (expected ca.crt, client.crt and client.key in it)");
        }
        for (String name : new String[] {"ca.crt", "client.crt", "client.key"}) {
            if (!Files.isRegularFile(tls.resolve(name))) {
                throw CliException.usage("--tls " + tls + ": missing " + name
                        + (name.startsWith("client") ? " (issue one with 'mre keys init --domain D --client NAME --out " + tls + "')" : ""));
            }
        }
        return builder.tls(tls.resolve("ca.crt"), tls.resolve("client.crt"), tls.resolve("client.key")).build();
    }
}
