package io.mre.node.federation;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A rogue CA and a node certificate it issued that claims another organization's domain, made with the JDK's
 * keytool (the crypto package rightly offers no way to issue such a thing).
 */
record ForgedIdentity(X509Certificate ca, X509Certificate leaf, PrivateKey leafKey) {
    private static final String PASSWORD = "changeit";

    static ForgedIdentity create(Path dir, String caDomain, String claimedNodeId, String claimedDomain)
            throws Exception {
        Path caStore = dir.resolve("rogue-ca.p12");
        Path leafStore = dir.resolve("rogue-leaf.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "ca",
                "-keyalg",
                "Ed25519",
                "-dname",
                "CN=" + caDomain + " CA,O=" + caDomain,
                "-ext",
                "bc:c",
                "-ext",
                "ku:c=keyCertSign,cRLSign",
                "-validity",
                "2",
                "-keystore",
                caStore.toString());
        keytool(
                "-genkeypair",
                "-alias",
                "leaf",
                "-keyalg",
                "Ed25519",
                "-dname",
                "CN=" + claimedNodeId + ",O=" + claimedDomain,
                "-validity",
                "2",
                "-keystore",
                leafStore.toString());
        Path csr = dir.resolve("leaf.csr");
        Path leafPem = dir.resolve("leaf.crt");
        keytool("-certreq", "-alias", "leaf", "-keystore", leafStore.toString(), "-file", csr.toString());
        keytool(
                "-gencert",
                "-alias",
                "ca",
                "-keystore",
                caStore.toString(),
                "-infile",
                csr.toString(),
                "-outfile",
                leafPem.toString(),
                "-rfc",
                "-validity",
                "2",
                "-ext",
                "ku:c=digitalSignature",
                "-ext",
                "eku=serverAuth,clientAuth",
                "-ext",
                "san=dns:localhost,ip:127.0.0.1");
        KeyStore ca = load(caStore);
        KeyStore leaf = load(leafStore);
        return new ForgedIdentity((X509Certificate) ca.getCertificate("ca"), readCertificate(leafPem), (PrivateKey)
                leaf.getKey("leaf", PASSWORD.toCharArray()));
    }

    byte[] caDer() throws Exception {
        return ca.getEncoded();
    }

    private static KeyStore load(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static X509Certificate readCertificate(Path pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(
                        new ByteArrayInputStream(Files.readString(pem).getBytes(UTF_8)));
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD, "-noprompt"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
