package io.mre.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mre.crypto.ChainValidation;
import io.mre.crypto.SigningKey;
import io.mre.crypto.TrustBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysInitCommandTest {
    @TempDir
    Path dir;

    @Test
    void keysInit_writesCaNodeAndClientIdentities() throws Exception {
        Path keys = dir.resolve("keys");

        Cli.Run run = Cli.run(
                "keys",
                "init",
                "--domain",
                "insurer.example",
                "--node",
                "insurer-1",
                "--client",
                "alice",
                "--out",
                keys.toString());

        assertThat(run.exit()).isZero();
        assertThat(keys.resolve("ca.key")).exists();
        assertThat(keys.resolve("ca.crt")).exists();
        SigningKey node = SigningKey.load(keys.resolve("insurer-1.key"), keys.resolve("insurer-1.crt"));
        SigningKey client = SigningKey.load(keys.resolve("client.key"), keys.resolve("client.crt"));
        assertThat(node.nodeId()).isEqualTo("insurer-1");
        assertThat(node.trustDomain()).isEqualTo("insurer.example");
        assertThat(client.nodeId()).isEqualTo("alice");
        TrustBundle trust = Trust.load(keys);
        assertThat(trust.validate(node.certificateChainDer(), "insurer.example", Instant.now()))
                .isInstanceOf(ChainValidation.Valid.class);
        assertThat(run.out()).contains("insurer-1").contains("alice").contains("ca.crt");
    }

    @Test
    void keysInit_reusesTheCaInTheFolderForAnotherNode() throws Exception {
        Path keys = dir.resolve("keys");
        Cli.run("keys", "init", "--domain", "insurer.example", "--node", "insurer-1", "--out", keys.toString());
        byte[] ca = Files.readAllBytes(keys.resolve("ca.crt"));

        Cli.Run second =
                Cli.run("keys", "init", "--domain", "insurer.example", "--node", "insurer-2", "--out", keys.toString());

        assertThat(second.exit()).isZero();
        assertThat(second.out()).contains("re-used");
        assertThat(Files.readAllBytes(keys.resolve("ca.crt"))).isEqualTo(ca);
        SigningKey node2 = SigningKey.load(keys.resolve("insurer-2.key"), keys.resolve("insurer-2.crt"));
        TrustBundle trust = Trust.load(keys);
        assertThat(trust.validate(node2.certificateChainDer(), "insurer.example", Instant.now()))
                .isInstanceOf(ChainValidation.Valid.class);
    }

    @Test
    void keysInit_refusesTheCaOfAnotherDomain() {
        Path keys = dir.resolve("keys");
        Cli.run("keys", "init", "--domain", "insurer.example", "--node", "insurer-1", "--out", keys.toString());

        Cli.Run run =
                Cli.run("keys", "init", "--domain", "bureau.example", "--node", "bureau-1", "--out", keys.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errLines())
                .singleElement()
                .asString()
                .contains("insurer.example")
                .contains("bureau.example");
        assertThat(keys.resolve("bureau-1.key")).doesNotExist();
    }

    @Test
    void keysInit_refusesToOverwriteAnIdentityAndWritesNothing() {
        Path keys = dir.resolve("keys");
        Cli.run("keys", "init", "--domain", "insurer.example", "--node", "insurer-1", "--out", keys.toString());

        Cli.Run run = Cli.run(
                "keys",
                "init",
                "--domain",
                "insurer.example",
                "--node",
                "insurer-2",
                "--node",
                "insurer-1",
                "--out",
                keys.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errLines())
                .singleElement()
                .asString()
                .contains("insurer-1.key")
                .contains("already exists");
        assertThat(keys.resolve("insurer-2.key")).doesNotExist();
    }

    @Test
    void keysInit_withSan_namesTheNodeAsItIsReachedOnTheNetwork() throws Exception {
        Path keys = dir.resolve("keys");

        Cli.Run run = Cli.run(
                "keys",
                "init",
                "--domain",
                "insurer.example",
                "--node",
                "insurer-1",
                "--san",
                "insurer-1.insurer.example,10.0.0.7",
                "--out",
                keys.toString());

        assertThat(run.exit()).isZero();
        SigningKey node = SigningKey.load(keys.resolve("insurer-1.key"), keys.resolve("insurer-1.crt"));
        assertThat(node.jdkCertificateChain().get(0).getSubjectAlternativeNames())
                .contains(List.of(2, "insurer-1.insurer.example"), List.of(7, "10.0.0.7"), List.of(2, "localhost"));
    }

    @Test
    void keysInit_rejectsABadSanInOneLineAndWritesNothing() {
        Path keys = dir.resolve("keys");

        Cli.Run run = Cli.run(
                "keys",
                "init",
                "--domain",
                "insurer.example",
                "--node",
                "insurer-1",
                "--san",
                "not a name",
                "--out",
                keys.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errLines())
                .singleElement()
                .asString()
                .startsWith("mre: --san:")
                .contains("'not a name'");
        assertThat(keys).doesNotExist();
    }

    @Test
    void keysInit_rejectsABadDomainNameInOneLine() {
        Cli.Run run = Cli.run(
                "keys",
                "init",
                "--domain",
                "not a domain",
                "--node",
                "n1",
                "--out",
                dir.resolve("k").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().startsWith("mre: --domain");
    }
}
