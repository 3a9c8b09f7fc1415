package io.mre.bench;

import com.google.protobuf.ByteString;
import io.mre.crypto.Ed25519PublicKey;
import io.mre.crypto.SigningKey;
import io.mre.engine.codec.Digests;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.Signature;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor every other figure is compared with: Bouncy Castle Ed25519 sign and verify of a 400-byte message
 * through {@code io.mre.crypto}, and the JDK SHA-256 EntryHash of an entry-sized envelope through {@link Digests}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
public class CryptoBench {
    static final int MESSAGE_BYTES = 400;

    private SigningKey key;
    private Ed25519PublicKey publicKey;
    private byte[] message;
    private byte[] signature;
    private EntryEnvelope envelope;

    @Setup
    public void setUp() {
        key = new BenchFixture().key;
        publicKey = Ed25519PublicKey.of(key.publicKey());
        message = new byte[MESSAGE_BYTES];
        new SplittableRandom(42).nextBytes(message);
        signature = key.sign(message);
        if (!publicKey.verify(message, signature)) {
            throw new IllegalStateException("signature does not verify");
        }
        // An envelope as the engine writes it: entry bytes plus one key id and 64-byte signature.
        envelope = EntryEnvelope.newBuilder()
                .setEntry(ByteString.copyFrom(message))
                .addSignatures(
                        Signature.newBuilder().setKeyId(key.keyId()).setSignature(ByteString.copyFrom(signature)))
                .build();
    }

    /** Ed25519 sign of 400 bytes (Bouncy Castle, via {@link SigningKey#sign}). */
    @Benchmark
    public byte[] sign(CpuClock cpu) {
        cpu.ops++;
        return key.sign(message);
    }

    /** Ed25519 verify of 400 bytes with a decoded key (Bouncy Castle, via {@link Ed25519PublicKey#verify}). */
    @Benchmark
    public boolean verify(CpuClock cpu) {
        cpu.ops++;
        return publicKey.verify(message, signature);
    }

    /** EntryHash (JDK SHA-256 over PAE(entry) + key id + signature) of a 400-byte entry's envelope. */
    @Benchmark
    public byte[] entryHash(CpuClock cpu) {
        cpu.ops++;
        return Digests.entryHash(envelope);
    }
}
