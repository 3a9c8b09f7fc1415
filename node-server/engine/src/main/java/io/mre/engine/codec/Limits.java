package io.mre.engine.codec;

/**
 * Size limits checked before anything else, so that an oversize object costs the node next to nothing.
 *
 * @param maxObjectBytes largest serialized object accepted
 * @param maxEntries most memory entries accepted
 */
public record Limits(int maxObjectBytes, int maxEntries) {
    /** 4 MiB and 100 000 entries. */
    public static final Limits DEFAULT = new Limits(4 * 1024 * 1024, 100_000);

    public Limits {
        if (maxObjectBytes < 1024) {
            throw new IllegalArgumentException("maxObjectBytes must be >= 1024: " + maxObjectBytes);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1: " + maxEntries);
        }
    }
}
