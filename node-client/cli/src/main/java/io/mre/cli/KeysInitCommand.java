package io.mre.cli;

import io.mre.crypto.CertificateAuthority;
import io.mre.crypto.SigningKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mre keys init}: a domain CA (created, or re-used from DIR) and node and client identities issued by it. */
@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        header = "Create or re-use a domain CA; issue node and client identities.",
        sortOptions = false,
        description = {
            "Create a trust domain's CA in DIR (ca.key, ca.crt) - or re-use the one already there - and issue node "
                    + "identities (N.key, N.crt) and a client identity (client.key, client.crt) signed by it.",
            "Run it again with the same DIR to issue more nodes of the same domain. Nothing is ever overwritten.",
            "Hand ca.crt to the other organizations' nodes as this domain's trust anchor; keep the .key files private."
        })
final class KeysInitCommand implements Callable<Integer> {
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);

    @Spec
    CommandSpec spec;

    @Option(
            names = "--domain",
            required = true,
            paramLabel = "D",
            description = "The trust domain (organization), e.g. insurer.example.")
    String domain;

    @Option(
            names = "--node",
            paramLabel = "N",
            description = "Issue a node identity N.key + N.crt (repeatable), e.g. insurer-1.")
    List<String> nodes = new ArrayList<>();

    @Option(
            names = "--san",
            paramLabel = "NAME",
            split = ",",
            description = "A DNS name or IP address the nodes issued now are reached by beyond this machine "
                    + "(repeatable or comma-separated), e.g. claims-1.insurer.example or 10.0.0.7. TLS clients and "
                    + "peers check the name they dial against the certificate; localhost, 127.0.0.1 and the node id "
                    + "are always in it.")
    List<String> networkNames = new ArrayList<>();

    @Option(
            names = "--client",
            paramLabel = "NAME",
            description =
                    "Issue a client identity for NAME as client.key + client.crt, so that DIR works as 'mre ... --tls DIR'.")
    String client;

    @Option(
            names = "--partner-ca",
            paramLabel = "FILE",
            description = "Also trust a partner domain's CA certificate (repeatable): copied into DIR as DOMAIN.crt, "
                    + "so that DIR works as 'mre ... --tls DIR' with that domain's nodes too (following an object "
                    + "across domains).")
    List<Path> partnerCas = new ArrayList<>();

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Where the files go (created if needed).")
    Path out;

    @Option(
            names = "--validity",
            paramLabel = "DURATION",
            defaultValue = "365d",
            description =
                    "Validity of issued node and client certificates (default: ${DEFAULT-VALUE}; the CA: 10 years).")
    Duration validity;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        Path caKey = out.resolve("ca.key");
        Path caCrt = out.resolve("ca.crt");
        Set<Path> planned = new LinkedHashSet<>();
        for (String node : nodes) {
            if (node.equals("ca") || node.equals("client")) {
                throw CliException.usage("--node " + node
                        + ": the names 'ca' and 'client' are reserved for the CA and the client identity");
            }
            planned.add(out.resolve(node + ".key"));
            planned.add(out.resolve(node + ".crt"));
        }
        if (client != null) {
            planned.add(out.resolve("client.key"));
            planned.add(out.resolve("client.crt"));
        }
        for (String name : networkNames) {
            try {
                CertificateAuthority.checkNetworkName(name);
            } catch (IllegalArgumentException e) {
                throw CliException.usage("--san: " + e.getMessage());
            }
        }
        if (planned.size() != 2 * (nodes.size() + (client == null ? 0 : 1))) {
            throw CliException.usage("a node name is given twice");
        }
        Map<Path, Path> partners = partnerFiles(domain);
        planned.addAll(partners.keySet());
        // Check everything first, so that a refusal leaves DIR as it was.
        for (Path p : planned) {
            if (Files.exists(p)) {
                throw CliException.usage(p + " already exists; choose another name or folder (nothing was written)");
            }
        }
        CertificateAuthority ca;
        boolean reused = Files.exists(caKey) || Files.exists(caCrt);
        if (reused) {
            if (!Files.exists(caKey) || !Files.exists(caCrt)) {
                throw CliException.usage(
                        out + " holds only one of ca.key and ca.crt; give a complete CA or an empty folder");
            }
            ca = CertificateAuthority.load(caKey, caCrt);
            if (!ca.trustDomain().equals(domain)) {
                throw CliException.usage(out + " holds the CA of domain '" + ca.trustDomain() + "', not '" + domain
                        + "'; use another folder for another domain");
            }
        } else {
            try {
                ca = CertificateAuthority.create(domain, CA_VALIDITY);
            } catch (IllegalArgumentException e) {
                throw CliException.usage("--domain: " + e.getMessage());
            }
        }
        List<SigningKey> issued = new ArrayList<>();
        try {
            for (String node : nodes) {
                issued.add(ca.issueNode(node, validity, networkNames));
            }
            if (client != null) {
                issued.add(ca.issueNode(client, validity));
            }
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        if (!reused) {
            ca.writeTo(out);
        }
        o.printf("%-7s %-24s %s (%s)%n", "ca", domain, caCrt, reused ? "re-used" : "created, with ca.key");
        for (int i = 0; i < nodes.size(); i++) {
            CertificateAuthority.writeSigningKey(issued.get(i), out, nodes.get(i));
            o.printf(
                    "%-7s %-24s %s, %s%n",
                    "node", nodes.get(i), out.resolve(nodes.get(i) + ".key"), out.resolve(nodes.get(i) + ".crt"));
        }
        if (client != null) {
            CertificateAuthority.writeSigningKey(issued.get(issued.size() - 1), out, "client");
            o.printf("%-7s %-24s %s, %s%n", "client", client, out.resolve("client.key"), out.resolve("client.crt"));
        }
        for (Map.Entry<Path, Path> p : partners.entrySet()) {
            Files.copy(p.getValue(), p.getKey());
            o.printf(
                    "%-7s %-24s %s%n",
                    "partner", p.getKey().getFileName().toString().replaceFirst("\\.crt$", ""), p.getKey());
        }
        o.println("Give " + caCrt + " to the nodes of other domains as the trust anchor of " + domain
                + "; keep the .key files private.");
        o.flush();
        return ExitCodes.OK;
    }

    // Where each partner CA file goes (DIR/DOMAIN.crt), after checking it holds CA certificates of one other domain.
    private Map<Path, Path> partnerFiles(String ownDomain) throws IOException {
        Map<Path, Path> targets = new LinkedHashMap<>();
        for (Path file : partnerCas) {
            if (!Files.isRegularFile(file)) {
                throw CliException.usage("--partner-ca " + file + ": no such file");
            }
            Set<String> domains = Trust.load(file).domains();
            if (domains.size() != 1) {
                throw CliException.usage(
                        "--partner-ca " + file + ": holds the CAs of " + domains + "; give one file per domain");
            }
            String partner = domains.iterator().next();
            if (partner.equals(ownDomain)) {
                throw CliException.usage("--partner-ca " + file + ": is a CA of " + ownDomain
                        + " itself (its ca.crt); give another domain's CA");
            }
            if (targets.put(out.resolve(partner + ".crt"), file) != null) {
                throw CliException.usage("--partner-ca: two files for domain " + partner);
            }
        }
        return targets;
    }
}
