package io.mre.it.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded byte-level mutator (no coverage feedback): each input is a corpus entry with one to eight mutations —
 * bit flips, boundary bytes, inserted, deleted or duplicated ranges, and splices from another corpus entry. The
 * same seed gives the same inputs, so a failure names the seed and iteration that reproduce it.
 */
final class Mutator {
    private static final byte[] BOUNDARY = {0, 1, 0x7f, (byte) 0x80, (byte) 0xff, '\n', ':', '-', '{', '[', '"'};

    private final SplittableRandom random;
    private final List<byte[]> corpus;

    Mutator(long seed, List<byte[]> corpus) {
        this.random = new SplittableRandom(seed);
        this.corpus = List.copyOf(corpus);
    }

    byte[] next() {
        byte[] data = corpus.get(random.nextInt(corpus.size())).clone();
        int rounds = 1 + random.nextInt(8);
        for (int i = 0; i < rounds; i++) {
            data = mutate(data);
        }
        return data;
    }

    private byte[] mutate(byte[] data) {
        if (data.length == 0) {
            return new byte[] {BOUNDARY[random.nextInt(BOUNDARY.length)]};
        }
        int at = random.nextInt(data.length);
        switch (random.nextInt(6)) {
            case 0 -> data[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> data[at] = BOUNDARY[random.nextInt(BOUNDARY.length)];
            case 2 -> {
                byte[] noise = new byte[1 + random.nextInt(8)];
                random.nextBytes(noise);
                return splice(data, at, at, noise);
            }
            case 3 -> {
                return splice(data, at, Math.min(data.length, at + 1 + random.nextInt(16)), new byte[0]);
            }
            case 4 -> {
                int end = Math.min(data.length, at + 1 + random.nextInt(32));
                return splice(data, end, end, java.util.Arrays.copyOfRange(data, at, end));
            }
            default -> {
                byte[] other = corpus.get(random.nextInt(corpus.size()));
                if (other.length > 0) {
                    int from = random.nextInt(other.length);
                    int end = Math.min(other.length, from + 1 + random.nextInt(64));
                    return splice(
                            data,
                            at,
                            Math.min(data.length, at + (end - from)),
                            java.util.Arrays.copyOfRange(other, from, end));
                }
            }
        }
        return data;
    }

    private static byte[] splice(byte[] data, int from, int to, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + insert.length);
        out.write(data, 0, from);
        out.write(insert, 0, insert.length);
        out.write(data, to, data.length - to);
        return out.toByteArray();
    }
}
