package io.mre.node;

import io.mre.crypto.CertificateAuthority;
import io.mre.crypto.SigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A node's files as an operator lays them out: a key pair, a trust folder, and node.yaml, under one folder. */
record SampleNode(Path dir, Path configFile, CertificateAuthority insurer, CertificateAuthority bureau) {
    static final Duration DAY = Duration.ofDays(1);

    /** Files for node {@code claims-1} of {@code insurer.example}, trusting insurer.example and bureau.example. */
    static SampleNode create(Path dir) throws IOException {
        CertificateAuthority insurer = CertificateAuthority.create("insurer.example", DAY);
        CertificateAuthority bureau = CertificateAuthority.create("bureau.example", DAY);
        CertificateAuthority.writeSigningKey(insurer.issueNode("claims-1", DAY), dir.resolve("tls"), "node");
        insurer.writeTo(dir.resolve("ca/insurer"));
        bureau.writeTo(dir.resolve("ca/bureau"));
        Files.createDirectories(dir.resolve("trust"));
        Files.copy(dir.resolve("ca/insurer/ca.crt"), dir.resolve("trust/insurer.example.crt"));
        Files.copy(dir.resolve("ca/bureau/ca.crt"), dir.resolve("trust/bureau.example.crt"));
        SampleNode node = new SampleNode(dir, dir.resolve("node.yaml"), insurer, bureau);
        node.writeConfig("");
        return node;
    }

    /** Writes node.yaml: the base settings, with {@code extra} lines appended (a later key replaces nothing). */
    Path writeConfig(String extra) throws IOException {
        return writeConfig("claims-1", "mode: memory-aware\ndataDir: data\n" + extra);
    }

    Path writeConfig(String nodeId, String extra) throws IOException {
        Files.writeString(configFile, """
                nodeId: %s
                trustDomain: insurer.example
                listen: 127.0.0.1:0
                admin: 127.0.0.1:0
                identity: {key: tls/node.key, certificate: tls/node.crt}
                trustBundle: trust
                labels: {region: eu-west}
                limits: {maxObjectBytes: 1MiB}
                """.formatted(nodeId) + extra);
        return configFile;
    }

    /** A client identity of the bureau domain, which the node trusts. */
    SigningKey bureauClient() {
        return bureau.issueNode("scoring-7", DAY);
    }
}
