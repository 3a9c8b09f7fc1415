package io.mre.cli;

import io.mre.client.MreClient;
import io.mre.client.TrustAnchors;
import io.mre.crypto.SigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How remote commands reach a node: TLS material and a deadline. Mixed into every remote command. */
public final class RemoteOptions {
    @Option(
            names = "--tls",
            paramLabel = "DIR",
            defaultValue = "${env:MRE_TLS}",
            description = "Mutual TLS with the material in DIR: client.crt and client.key (a client identity the node "
                    + "trusts, as 'mre keys init --client NAME' writes it) and the CA certificates to trust: every CA "
                    + "certificate in DIR (ca.crt, and partner CAs added with 'mre keys init --partner-ca FILE'). "
                    + "Default: $MRE_TLS; without either, plaintext (only nodes that allow it on loopback).")
    Path tls;

    @Option(
            names = "--trust",
            paramLabel = "FILE|DIR",
            split = ",",
            description = "More CA certificates to trust with --tls (repeatable): a PEM file or a folder such as a "
                    + "node's trust/ folder, so that following an object into a partner's domain needs no "
                    + "hand-made bundle.")
    List<Path> trust = new ArrayList<>();

    @Option(
            names = "--deadline",
            paramLabel = "DURATION",
            defaultValue = "30s",
            description = "How long to wait for each answer (default: ${DEFAULT-VALUE}).")
    Duration deadline;

    /** The --tls folder given, if any: error messages name it. */
    Optional<Path> tlsFolder() {
        return Optional.ofNullable(tls);
    }

    /** A client of the node at {@code address}. */
    MreClient connect(String address) {
        MreClient.Builder builder = MreClient.builder().target(address).deadline(deadline);
        if (tls == null) {
            if (!trust.isEmpty()) {
                throw CliException.usage("--trust needs --tls DIR (the client identity to present)");
            }
            return builder.plaintext().build();
        }
        if (!Files.isDirectory(tls)) {
            throw CliException.usage(
                    "--tls " + tls + ": not a folder (expected client.crt, client.key and ca.crt in it)");
        }
        for (String name : new String[] {"client.crt", "client.key"}) {
            if (!Files.isRegularFile(tls.resolve(name))) {
                throw CliException.usage("--tls " + tls + ": missing " + name
                        + " (issue one with 'mre keys init --domain D --client NAME --out " + tls + "')");
            }
        }
        try {
            SigningKey identity = SigningKey.load(tls.resolve("client.key"), tls.resolve("client.crt"));
            return builder.tls(identity.jdkPrivateKey(), identity.jdkCertificateChain(), anchors())
                    .build();
        } catch (IOException e) {
            throw CliException.usage("--tls " + tls + ": " + e.getMessage());
        }
    }

    /** Every CA certificate in the --tls folder and in each --trust file or folder, each once. */
    List<X509Certificate> anchors() {
        Map<X509Certificate, Boolean> all = new LinkedHashMap<>();
        try {
            TrustAnchors.load(tls).forEach(c -> all.put(c, true));
        } catch (IOException e) {
            // A folder holding only the client identity is fine when --trust names the CAs.
            if (trust.isEmpty() || !e.getMessage().endsWith("no CA certificate found")) {
                throw CliException.usage("--tls " + tls + ": "
                        + (e.getMessage().endsWith("no CA certificate found")
                                ? "no CA certificate to trust there (put the node's domain CA there as ca.crt, add partners' "
                                        + "with 'mre keys init --partner-ca FILE --out " + tls
                                        + "', or pass --trust FILE|DIR)"
                                : e.getMessage()));
            }
        }
        for (Path t : trust) {
            try {
                TrustAnchors.load(t).forEach(c -> all.put(c, true));
            } catch (IOException e) {
                throw CliException.usage("--trust " + t + ": " + e.getMessage());
            }
        }
        return List.copyOf(all.keySet());
    }
}
