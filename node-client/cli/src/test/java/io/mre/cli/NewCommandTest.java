package io.mre.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mre.engine.codec.ObjectCodec;
import io.mre.proto.v1.ExecutableObject;
import io.mre.proto.v1.Header;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NewCommandTest {
    static final String INTENT = """
            name: claim.settle
            version: "1.0"
            input: {claimId: C-1001}
            steps:
              - id: assess
                operation: claim.assess
              - id: pay
                operation: payment.pay
                compensation: {operation: payment.refund}
            context: {tenant: acme, deadline: 1h}
            origin: {author: insurer-1, domain: insurer.example}
            """;

    @TempDir
    Path dir;

    Path keys;
    Path intent;

    @BeforeEach
    void keysAndIntent() throws Exception {
        keys = dir.resolve("keys");
        assertThat(Cli.run(
                                "keys",
                                "init",
                                "--domain",
                                "insurer.example",
                                "--node",
                                "insurer-1",
                                "--out",
                                keys.toString())
                        .exit())
                .isZero();
        intent = Files.writeString(dir.resolve("claim.yaml"), INTENT);
    }

    @Test
    void new_signedWithAKeysFolder_writesAnObjectThatVerifies() throws Exception {
        Path obj = dir.resolve("claim.mre");

        Cli.Run run =
                Cli.run("new", "--intent", intent.toString(), "--out", obj.toString(), "--sign-with", keys.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .contains("claim.settle 1.0, 2 steps")
                .contains("header signed by insurer-1@insurer.example");
        ExecutableObject object = ExecutableObject.parseFrom(Files.readAllBytes(obj));
        Header header = ObjectCodec.header(object);
        assertThat(header.getOrigin().getAuthor()).isEqualTo("insurer-1");
        assertThat(object.getHeader().getSignaturesCount()).isEqualTo(1);
        assertThat(object.getContext().getOwnerDomain()).isEqualTo("insurer.example");
        Cli.Run verify = Cli.run("verify", obj.toString(), "--trust", keys.toString(), "--require-header-signature");
        assertThat(verify.exit()).isZero();
    }

    @Test
    void new_withKeyAndCert_signsToo() throws Exception {
        Path obj = dir.resolve("claim.mre");

        Cli.Run run = Cli.run(
                "new",
                "--intent",
                intent.toString(),
                "--out",
                obj.toString(),
                "--key",
                keys.resolve("insurer-1.key").toString(),
                "--cert",
                keys.resolve("insurer-1.crt").toString());

        assertThat(run.exit()).isZero();
        assertThat(ExecutableObject.parseFrom(Files.readAllBytes(obj))
                        .getHeader()
                        .getSignaturesCount())
                .isEqualTo(1);
    }

    @Test
    void new_readsAJsonIntentUnsigned() throws Exception {
        Path json = Files.writeString(dir.resolve("claim.json"), """
                {"name": "claim.settle", "steps": [{"id": "a", "operation": "claim.assess"}],
                 "origin": {"author": "alice", "domain": "insurer.example"}}
                """);
        Path obj = dir.resolve("claim.mre");

        Cli.Run run = Cli.run("new", "--intent", json.toString(), "--out", obj.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("header unsigned (origin alice@insurer.example)");
    }

    @Test
    void new_missingIntentFile_failsInOneLine() {
        Cli.Run run = Cli.run(
                "new",
                "--intent",
                dir.resolve("nope.yaml").toString(),
                "--out",
                dir.resolve("o.mre").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("mre: no such intent file: " + dir.resolve("nope.yaml"));
    }

    @Test
    void new_badYaml_failsInOneLineWithTheLine() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "name: x\nsteps:\n  - id: a\n   operation: b\n");

        Cli.Run run = Cli.run(
                "new", "--intent", bad.toString(), "--out", dir.resolve("o.mre").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().startsWith("mre: " + bad + ": not valid YAML at line");
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void new_unknownKeyInTheIntent_namesTheKey() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), INTENT.replace("tenant: acme", "tennant: acme"));

        Cli.Run run = Cli.run(
                "new", "--intent", bad.toString(), "--out", dir.resolve("o.mre").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errLines())
                .singleElement()
                .asString()
                .contains("unknown key 'tennant' at context")
                .contains("tenant");
        assertThat(dir.resolve("o.mre")).doesNotExist();
    }

    @Test
    void new_invalidPlan_isReportedByTheEngineInOneLine() throws Exception {
        Path bad = Files.writeString(dir.resolve("dup.yaml"), INTENT.replace("id: pay", "id: assess"));

        Cli.Run run = Cli.run(
                "new", "--intent", bad.toString(), "--out", dir.resolve("o.mre").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("duplicate step id 'assess'");
    }

    @Test
    void new_unsignedWithoutOriginDomain_asksForIt() throws Exception {
        Path noOrigin = Files.writeString(dir.resolve("x.yaml"), "name: n\nsteps: [{id: a, operation: b}]\n");

        Cli.Run run = Cli.run(
                "new",
                "--intent",
                noOrigin.toString(),
                "--out",
                dir.resolve("o.mre").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("origin.domain is required");
    }

    @Test
    void new_signingKeyOfAnotherDomain_isRefused() throws Exception {
        Path other = Files.writeString(
                dir.resolve("x.yaml"), INTENT.replace("domain: insurer.example", "domain: bureau.example"));

        Cli.Run run = Cli.run(
                "new",
                "--intent",
                other.toString(),
                "--out",
                dir.resolve("o.mre").toString(),
                "--sign-with",
                keys.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("not the domain of the signing key");
    }

    @Test
    void new_refusesToReplaceAnObjectWithoutForce() throws Exception {
        Path obj = Files.writeString(dir.resolve("o.mre"), "precious");

        Cli.Run run = Cli.run("new", "--intent", intent.toString(), "--out", obj.toString());
        Cli.Run forced = Cli.run("new", "--intent", intent.toString(), "--out", obj.toString(), "--force");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("already exists");
        assertThat(forced.exit()).isZero();
    }

    @Test
    void new_signWithAFolderOfNodeAndClientKeys_picksTheClientKeyAndTheAuthorIsItsName() throws Exception {
        // the guide's layout: node and client keys in one folder
        Cli.run(
                "keys",
                "init",
                "--domain",
                "insurer.example",
                "--node",
                "insurer-2",
                "--client",
                "ops",
                "--out",
                keys.toString());
        Path noAuthor = Files.writeString(dir.resolve("x.yaml"), INTENT.replace("author: insurer-1, ", ""));
        Path obj = dir.resolve("o.mre");

        Cli.Run run = Cli.run(
                "new", "--intent", noAuthor.toString(), "--out", obj.toString(), "--sign-with", keys.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("header signed by ops@insurer.example");
        assertThat(ObjectCodec.header(ExecutableObject.parseFrom(Files.readAllBytes(obj)))
                        .getOrigin()
                        .getAuthor())
                .isEqualTo("ops");
    }

    @Test
    void new_authorNamedAsInTheClientCertificate_picksThatKey() throws Exception {
        Cli.run(
                "keys",
                "init",
                "--domain",
                "insurer.example",
                "--node",
                "insurer-2",
                "--client",
                "ops",
                "--out",
                keys.toString());
        Path ops = Files.writeString(dir.resolve("x.yaml"), INTENT.replace("author: insurer-1", "author: ops"));

        Cli.Run run = Cli.run(
                "new",
                "--intent",
                ops.toString(),
                "--out",
                dir.resolve("o.mre").toString(),
                "--sign-with",
                keys.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("header signed by ops@insurer.example");
    }

    @Test
    void new_authorThatIsNotTheSigner_isRefusedAndWritesNothing() throws Exception {
        Path alice = Files.writeString(dir.resolve("x.yaml"), INTENT.replace("author: insurer-1", "author: alice"));
        Path obj = dir.resolve("o.mre");

        Cli.Run run = Cli.run(
                "new",
                "--intent",
                alice.toString(),
                "--out",
                obj.toString(),
                "--key",
                keys.resolve("insurer-1.key").toString(),
                "--cert",
                keys.resolve("insurer-1.crt").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errLines())
                .singleElement()
                .asString()
                .contains("origin.author 'alice' is not the signer 'insurer-1'");
        assertThat(obj).doesNotExist();
    }
}
