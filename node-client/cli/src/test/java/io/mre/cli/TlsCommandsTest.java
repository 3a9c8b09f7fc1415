package io.mre.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.netty.GrpcSslContexts;
import io.mre.client.TrustAnchors;
import io.mre.crypto.SigningKey;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Remote commands over mutual TLS with material from 'mre keys init', against a node that requires client certificates. */
class TlsCommandsTest {
    @TempDir
    Path dir;

    Path keys;
    FakeNode node;

    @BeforeEach
    void node() throws Exception {
        keys = dir.resolve("bureau");
        assertThat(Cli.run(
                                "keys",
                                "init",
                                "--domain",
                                "bureau.example",
                                "--node",
                                "bureau-1",
                                "--client",
                                "alice",
                                "--out",
                                keys.toString())
                        .exit())
                .isZero();
        SigningKey identity = SigningKey.load(keys.resolve("bureau-1.key"), keys.resolve("bureau-1.crt"));
        SslContext tls = GrpcSslContexts.configure(
                        SslContextBuilder.forServer(
                                identity.jdkPrivateKey(),
                                identity.jdkCertificateChain().toArray(X509Certificate[]::new)),
                        SslProvider.JDK)
                .trustManager(TrustAnchors.load(keys.resolve("ca.crt")).toArray(X509Certificate[]::new))
                .clientAuth(ClientAuth.REQUIRE)
                .protocols("TLSv1.3")
                .build();
        node = FakeNode.tls(tls);
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    @Test
    void peers_overMutualTls_works() {
        Cli.Run run = Cli.run("peers", "--at", node.address(), "--tls", keys.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("bureau-1@bureau.example");
    }

    @Test
    void peers_withAClientCertificateTheNodeDoesNotTrust_failsInOneLine() throws Exception {
        Path rogue = dir.resolve("rogue");
        Cli.run("keys", "init", "--domain", "rogue.example", "--client", "mallory", "--out", rogue.toString());
        Path tls = Files.createDirectories(dir.resolve("rogue-tls"));
        Files.copy(keys.resolve("ca.crt"), tls.resolve("ca.crt"));
        Files.copy(rogue.resolve("client.crt"), tls.resolve("client.crt"));
        Files.copy(rogue.resolve("client.key"), tls.resolve("client.key"));

        Cli.Run run = Cli.run("peers", "--at", node.address(), "--tls", tls.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errLines())
                .containsExactly("mre: TLS handshake with " + node.address() + " failed: the node did not "
                        + "accept the client certificate (" + tls + "/client.crt must come from a CA the node trusts)");
    }

    @Test
    void peers_whenTheNodesCertificateIsNotTrusted_failsInOneLine() {
        Path rogue = dir.resolve("rogue");
        Cli.run("keys", "init", "--domain", "rogue.example", "--client", "mallory", "--out", rogue.toString());

        Cli.Run run = Cli.run("peers", "--at", node.address(), "--tls", rogue.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errLines())
                .containsExactly("mre: TLS handshake with " + node.address()
                        + " failed: the node's certificate is not issued by a CA the client trusts (the CA certificates in "
                        + "--tls " + rogue
                        + " and --trust; add the node's domain CA with 'mre keys init --partner-ca FILE "
                        + "--out " + rogue + "' or --trust FILE|DIR)");
    }

    @Test
    void peers_withAClientOfAnotherDomainThatAddedThePartnerCa_works() {
        // A client of insurer.example (trusted by the node through its trust bundle) follows an object to
        // bureau.example: its folder gains the bureau's CA once, with keys init --partner-ca.
        Path insurer = dir.resolve("insurer");
        Cli.run("keys", "init", "--domain", "insurer.example", "--client", "ops", "--out", insurer.toString());
        Cli.Run before = Cli.run("peers", "--at", node.address(), "--tls", insurer.toString());
        assertThat(before.exit()).isEqualTo(1);
        assertThat(before.err())
                .contains("is not issued by a CA the client trusts")
                .contains(insurer.toString());

        Cli.Run add = Cli.run(
                "keys",
                "init",
                "--domain",
                "insurer.example",
                "--out",
                insurer.toString(),
                "--partner-ca",
                keys.resolve("ca.crt").toString());

        assertThat(add.exit()).as(add.err()).isZero();
        assertThat(insurer.resolve("bureau.example.crt")).hasSameTextualContentAs(keys.resolve("ca.crt"));
        // the node does not trust insurer's client CA, so the handshake now fails on the node's side, not ours
        Cli.Run after = Cli.run("peers", "--at", node.address(), "--tls", insurer.toString());
        assertThat(after.err()).contains("did not accept the client certificate (" + insurer + "/client.crt");
    }

    @Test
    void peers_withTrustNamingTheNodesCa_works() throws Exception {
        // The client identity alone in a folder; the CA comes from --trust (e.g. a node's trust/ folder).
        Path client = Files.createDirectories(dir.resolve("client-only"));
        Files.copy(keys.resolve("client.crt"), client.resolve("client.crt"));
        Files.copy(keys.resolve("client.key"), client.resolve("client.key"));
        Path trust = Files.createDirectories(dir.resolve("trust"));
        Files.copy(keys.resolve("ca.crt"), trust.resolve("bureau.example.crt"));

        Cli.Run without = Cli.run("peers", "--at", node.address(), "--tls", client.toString());
        Cli.Run with =
                Cli.run("peers", "--at", node.address(), "--tls", client.toString(), "--trust", trust.toString());

        assertThat(without.exit()).isEqualTo(2);
        assertThat(without.err()).contains("--tls " + client + ": no CA certificate to trust there");
        assertThat(with.exit()).as(with.err()).isZero();
        assertThat(with.out()).contains("bureau-1@bureau.example");
    }

    @Test
    void keysInit_partnerCaOfItsOwnDomain_isRefusedAndWritesNothing() {
        Cli.Run run = Cli.run(
                "keys",
                "init",
                "--domain",
                "bureau.example",
                "--out",
                dir.resolve("other").toString(),
                "--partner-ca",
                keys.resolve("ca.crt").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("is a CA of bureau.example itself");
        assertThat(dir.resolve("other")).doesNotExist();
    }

    @Test
    void plaintextToATlsNode_failsInOneLine() {
        Cli.Run run = Cli.run("peers", "--at", node.address());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errLines())
                .singleElement()
                .asString()
                .startsWith("mre: cannot reach a node at " + node.address())
                .endsWith("(if the node requires TLS, pass --tls DIR)");
    }

    @Test
    void tlsFolderWithoutAClientIdentity_isAUsageError() throws Exception {
        Path partial = Files.createDirectories(dir.resolve("partial"));
        Files.copy(keys.resolve("ca.crt"), partial.resolve("ca.crt"));

        Cli.Run run = Cli.run("peers", "--at", node.address(), "--tls", partial.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errLines())
                .singleElement()
                .asString()
                .contains("missing client.crt")
                .contains("--client NAME");
    }
}
