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
        Cli.Run run = Cli.run("verify", obj.toString(), "--trust", journey.trust().toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("valid: " + journey.objectId())
                .contains("4 entries by insurer-1@insurer.example, bureau-1@bureau.example");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void verify_tamperedEntry_exitsOneWithTheRuleAndSeq() throws Exception {
        ExecutableObject done = journey.done();
        EntryEnvelope second = done.getMemory().getEntries(2);
        Entry altered = Entry.parseFrom(second.getEntry()).toBuilder().setStepId("something-else").build();
        ExecutableObject tampered = done.toBuilder().setMemory(done.getMemory().toBuilder()
                .setEntries(2, second.toBuilder().setEntry(ByteString.copyFrom(altered.toByteArray())))).build();
        Journeys.write(obj, tampered);

        Cli.Run run = Cli.run("verify", obj.toString(), "--trust", journey.trust().toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("mre: invalid: rule SIGNATURE_INVALID at seq 2: ");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void verify_flippedByteInTheFile_exitsOne() throws Exception {
        byte[] bytes = Files.readAllBytes(obj);
        byte[] entry = journey.done().getMemory().getEntries(1).getEntry().toByteArray();
        int at = indexOf(bytes, entry) + entry.length / 2;
        bytes[at] ^= 0x01;
        Files.write(obj, bytes);

        Cli.Run run = Cli.run("verify", obj.toString(), "--trust", journey.trust().toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString().startsWith("mre: invalid: ").contains("seq 1");
    }

    @Test
    void verify_entrySignedByAnUntrustedDomain_exitsOne() {
        Cli.Run run = Cli.run("verify", obj.toString(), "--trust", journey.insurerKeys().toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString().startsWith("mre: invalid: rule SIGNER_NOT_TRUSTED at seq 2");
    }

    @Test
    void verify_garbageBytes_exitsOne() throws Exception {
        Files.write(obj, new byte[] {(byte) 0xff, 0x01, 0x02, 0x03});

        Cli.Run run = Cli.run("verify", obj.toString(), "--trust", journey.trust().toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString().startsWith("mre: invalid: MALFORMED_OBJECT");
    }

    @Test
    void verify_withoutTrust_isAUsageError() {
        Cli.Run run = Cli.run("verify", obj.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString()
                .contains("Missing required option: '--trust=DIR'").contains("mre verify --help");
    }

    @Test
    void verify_missingObjectOrTrust_isAUsageError() {
        Cli.Run noObject = Cli.run("verify", dir.resolve("none.mre").toString(), "--trust", journey.trust().toString());
        Cli.Run noTrust = Cli.run("verify", obj.toString(), "--trust", dir.resolve("no-trust").toString());

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
