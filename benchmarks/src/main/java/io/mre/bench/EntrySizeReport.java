package io.mre.bench;

import com.google.protobuf.Descriptors.FieldDescriptor;
import io.mre.engine.Visit;
import io.mre.engine.VisitInput;
import io.mre.engine.verify.VerifiedObject;
import io.mre.proto.v1.Entry;
import io.mre.proto.v1.EntryEnvelope;
import io.mre.proto.v1.ExecutableObject;
import java.util.List;
import java.util.Map;

/**
 * Serialized bytes per memory entry (not a timing). Runs the engine for {@code N} cycles (default 100) of a no-op
 * handler returning the small output {@code {"ok": true}} — a typical EXECUTE entry — on an N-step plan, and prints the average
 * envelope size, its parts, and how much the whole serialized object grows per entry.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.mre.bench.EntrySizeReport [N]</pre>
 */
public final class EntrySizeReport {
    private EntrySizeReport() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        BenchFixture fixture = new BenchFixture();
        if (n < 2 || n > BenchFixture.MAX_PLAN_STEPS) {
            throw new IllegalArgumentException("N must be 2.." + BenchFixture.MAX_PLAN_STEPS);
        }
        VerifiedObject empty = fixture.withHistory(n, 0, n);
        Visit one = fixture.engine(1, new BenchFixture.NoopHandler()).run(empty, VisitInput.NONE);
        Visit all = fixture.engine(n, new BenchFixture.NoopHandler()).run(empty, VisitInput.NONE);
        ExecutableObject object = fixture.verifier.verify(all.object().object()).object();
        List<EntryEnvelope> envelopes = object.getMemory().getEntriesList();

        long envelopeBytes = 0;
        long entryBytes = 0;
        for (EntryEnvelope e : envelopes) {
            envelopeBytes += e.getSerializedSize();
            entryBytes += e.getEntry().size();
        }
        int size0 = empty.object().getSerializedSize();
        int size1 = one.object().object().getSerializedSize();
        int sizeN = object.getSerializedSize();
        line("entries", n + " EXECUTE, output {\"ok\": true}");
        line("avg EntryEnvelope serialized size", String.format("%.1f B", envelopeBytes / (double) n));
        line("  of which the signed Entry bytes", String.format("%.1f B", entryBytes / (double) n));
        line(
                "  of which signature, key id, framing",
                String.format("%.1f B", (envelopeBytes - entryBytes) / (double) n));
        line("object with empty memory (" + n + "-step plan)", size0 + " B");
        line(
                "first entry adds",
                (size1 - size0) + " B (the signer's certificate is already carried: same key as the author)");
        line("object growth per further entry", String.format("%.1f B", (sizeN - size1) / (double) (n - 1)));
        line("object with " + n + " entries", sizeN + " B");
        Entry typical = fixture.verifier.verify(object).entries().get(n / 2);
        System.out.println("fields of a typical entry (seq " + typical.getSeq() + "), bytes incl. tag and length:");
        for (Map.Entry<FieldDescriptor, Object> f : typical.getAllFields().entrySet()) {
            int bytes = Entry.newBuilder()
                    .setField(f.getKey(), f.getValue())
                    .build()
                    .getSerializedSize();
            line("  " + f.getKey().getName(), bytes + " B");
        }
    }

    private static void line(String what, String value) {
        System.out.printf("%-44s %s%n", what, value);
    }
}
