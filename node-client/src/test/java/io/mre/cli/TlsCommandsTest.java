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
        assertThat(Cli.run("keys", "init", "--domain", "bureau.example", "--node", "bureau-1", "--client", "alice",
                "--out", keys.toString()).exit()).isZero();
        SigningKey identity = SigningKey.load(keys.resolve("bureau-1.key"), keys.resolve("bureau-1.crt"));
        SslContext tls = GrpcSslContexts.configure(SslContextBuilder.forServer(identity.jdkPrivateKey(),
                        identity.jdkCertificateChain().toArray(X509Certificate[]::new)), SslProvider.JDK)
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
        assertThat(run.errLines()).containsExactly("mre: TLS handshake with " + node.address() + " failed: the node did not "
                + "accept the client certificate (DIR/client.crt must come from a CA the node trusts)");
    }

    @Test
    void peers_whenTheNodesCertificateIsNotTrusted_failsInOneLine() {
        Path rogue = dir.resolve("rogue");
        Cli.run("keys", "init", "--domain", "rogue.example", "--client", "mallory", "--out", rogue.toString());

        Cli.Run run = Cli.run("peers", "--at", node.address(), "--tls", rogue.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("mre: TLS handshake with " + node.address()
                + " failed: the node's certificate is not issued by a CA in --tls DIR/ca.crt");
    }

    @Test
    void plaintextToATlsNode_failsInOneLine() {
        Cli.Run run = Cli.run("peers", "--at", node.address());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("mre: cannot reach a node at " + node.address()).endsWith("(if the node requires TLS, pass --tls DIR)");
    }

    @Test
    void tlsFolderWithoutAClientIdentity_isAUsageError() throws Exception {
        Path partial = Files.createDirectories(dir.resolve("partial"));
        Files.copy(keys.resolve("ca.crt"), partial.resolve("ca.crt"));

        Cli.Run run = Cli.run("peers", "--at", node.address(), "--tls", partial.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("missing client.crt").contains("--client NAME");
    }
}
