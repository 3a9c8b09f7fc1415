package io.mre.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.ExecutableObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
    @TempDir
    Path dir;

    Journeys.Journey journey;
    Path obj;

    @BeforeEach
    void journey() throws Exception {
        journey = Journeys.twoDomains(dir);
        obj = Journeys.write(dir.resolve("claim.mre"), journey.done());
    }

    @Test
    void verify_validObject_exitsZero() {
        Cli.Run run =
                Cli.run("verify", obj.toString(), "--trust", journey.trust().toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .startsWith("valid: " + journey.objectId())
                .contains("4 entries by insurer-1@insurer.example, bureau-1@bureau.example");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void verify_tamperedEntry_exitsOneWithTheRuleAndSeq() throws Exception {
        ExecutableObject done = journey.done();
        EntryEnvelope second = done.getMemory().getEntries(2);
        Entry altered = Entry.parseFrom(second.getEntry()).toBuilder()
                .setStepId("something-else")
                .build();
        ExecutableObject tampered = done.toBuilder()
                .setMemory(done.getMemory().toBuilder()
                        .setEntries(2, second.toBuilder().setEntry(ByteString.copyFrom(altered.toByteArray()))))
                .build();
        Journeys.write(obj, tampered);

        Cli.Run run =
                Cli.run("verify", obj.toString(), "--trust", journey.trust().toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errLines())
                .singleElement()
                .asString()
                .startsWith("mre: invalid: rule SIGNATURE_INVALID at seq 2: ");
        assertThat(run.out()).isEmpty();
    }

    /**
     * Issue 11's first forgery: the insurer's node, with its own real key, records the execution of the step routed
     * to the bureau. Every byte and signature is correct; the history is not lawful.
     */
    @Test
    void verify_correctlySignedButUnlawfulHistory_exitsOneNamingTheRuleAndBothFacts() throws Exception {
        Journeys.write(obj, insurerForgesTheCreditCheck());

        Cli.Run run =
                Cli.run("verify", obj.toString(), "--trust", journey.trust().toString());
        Cli.Run inspect =
                Cli.run("inspect", obj.toString(), "--trust", journey.trust().toString());
        Cli.Run json = Cli.run(
                "inspect", obj.toString(), "--json", "--trust", journey.trust().toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errLines())
                .singleElement()
                .asString()
                .startsWith("mre: invalid: rule EXECUTE_OUT_OF_ROUTE at seq 1: ")
                .contains("routed to bureau.example but executed by insurer-1@insurer.example")
                .endsWith("(signatures valid: yes; history lawful: no)");
        assertThat(run.out()).isEmpty();
        assertThat(inspect.out())
                .contains("signatures valid: yes")
                .contains("history lawful:   NO (EXECUTE_OUT_OF_ROUTE at seq 1)");
        assertThat(json.out())
                .contains("\"signaturesValid\" : true")
                .contains("\"historyLawful\" : false")
                .contains("\"rule\" : \"EXECUTE_OUT_OF_ROUTE\"");
    }

    @Test
    void verify_validObject_reportsBothFacts() {
        Cli.Run run =
                Cli.run("verify", obj.toString(), "--trust", journey.trust().toString());
        Cli.Run inspect =
                Cli.run("inspect", obj.toString(), "--trust", journey.trust().toString());

        assertThat(run.out()).contains("signatures valid; history lawful");
        assertThat(inspect.out()).contains("signatures valid: yes").contains("history lawful:   yes");
    }

    /** The insurer's first entry, then an EXECUTE of credit-check (routed to the bureau) signed by insurer-1. */
    private ExecutableObject insurerForgesTheCreditCheck() throws Exception {
        io.mre.crypto.SigningKey insurer = io.mre.crypto.SigningKey.load(
                journey.insurerKeys().resolve("insurer-1.key"),
                journey.insurerKeys().resolve("insurer-1.crt"));
        ExecutableObject done = journey.done();
        EntryEnvelope first = done.getMemory().getEntries(0);
        Entry bureauExecute = Entry.parseFrom(done.getMemory().getEntries(2).getEntry());
        Entry forged = bureauExecute.toBuilder()
                .setSeq(1)
                .setPrevHash(ByteString.copyFrom(io.mre.engine.codec.Digests.entryHash(first)))
                .setNode(Entry.parseFrom(first.getEntry()).getNode())
                .build();
        ByteString bytes = forged.toByteString();
        EntryEnvelope sealed = EntryEnvelope.newBuilder()
                .setEntry(bytes)
                .addSignatures(io.mre.proto.v1.Signature.newBuilder()
                        .setKeyId(insurer.keyId())
                        .setSignature(ByteString.copyFrom(
                                insurer.sign(io.mre.engine.codec.Digests.entrySigningInput(bytes)))))
                .build();
        return done.toBuilder()
                .setMemory(done.getMemory().toBuilder()
                        .clearEntries()
                        .addEntries(first)
                        .addEntries(sealed))
                .build();
    }

    @Test
    void verify_flippedByteInTheFile_exitsOne() throws Exception {
        byte[] bytes = Files.readAllBytes(obj);
        byte[] entry = journey.done().getMemory().getEntries(1).getEntry().toByteArray();
        int at = indexOf(bytes, entry) + entry.length / 2;
        bytes[at] ^= 0x01;
        Files.write(obj, bytes);

        Cli.Run run =
                Cli.run("verify", obj.toString(), "--trust", journey.trust().toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errLines())
                .singleElement()
                .asString()
                .startsWith("mre: invalid: ")
                .contains("seq 1");
    }

    @Test
    void verify_entrySignedByAnUntrustedDomain_exitsOne() {
        Cli.Run run = Cli.run(
                "verify", obj.toString(), "--trust", journey.insurerKeys().toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errLines())
                .singleElement()
                .asString()
                .startsWith("mre: invalid: rule SIGNER_NOT_TRUSTED at seq 2");
    }

    @Test
    void verify_garbageBytes_exitsOne() throws Exception {
        Files.write(obj, new byte[] {(byte) 0xff, 0x01, 0x02, 0x03});

        Cli.Run run =
                Cli.run("verify", obj.toString(), "--trust", journey.trust().toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString().startsWith("mre: invalid: MALFORMED_OBJECT");
    }

    @Test
    void verify_withoutTrust_isAUsageError() {
        Cli.Run run = Cli.run("verify", obj.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errLines())
                .singleElement()
                .asString()
                .contains("Missing required option: '--trust=DIR'")
                .contains("mre verify --help");
    }

    @Test
    void verify_missingObjectOrTrust_isAUsageError() {
        Cli.Run noObject = Cli.run(
                "verify",
                dir.resolve("none.mre").toString(),
                "--trust",
                journey.trust().toString());
        Cli.Run noTrust = Cli.run(
                "verify", obj.toString(), "--trust", dir.resolve("no-trust").toString());

        assertThat(noObject.exit()).isEqualTo(2);
        assertThat(noObject.errLines()).singleElement().asString().contains("no such object file");
        assertThat(noTrust.exit()).isEqualTo(2);
        assertThat(noTrust.errLines()).singleElement().asString().contains("no such trust file or folder");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("entry bytes not found in the file");
    }
}
