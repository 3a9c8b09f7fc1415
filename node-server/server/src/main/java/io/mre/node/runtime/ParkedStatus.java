package io.mre.node.runtime;

import static java.util.Objects.requireNonNull;

import io.mre.engine.fold.FoldedState;
import io.mre.engine.time.Timestamps;
import io.mre.proto.v1.Action;
import io.mre.proto.v1.ReentryCondition;
import io.mre.spi.Lifecycle;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;

/**
 * What recovery and retention need of a parked object, kept beside its bytes so neither decodes it: its lifecycle,
 * the earliest time condition it waits for (dormant), and when it terminated. The byte form is in
 * docs/operating-a-node.md ("Parked-object store").
 *
 * @param lifecycle active, dormant or terminated
 * @param nextTimer the earliest {@code at} of a dormant object's pending conditions (none: it waits for a signal)
 * @param terminatedAt the time of the TERMINATE entry that ends the history, if it ends so
 */
public record ParkedStatus(Lifecycle lifecycle, Optional<Instant> nextTimer, Optional<Instant> terminatedAt) {
    private static final byte VERSION = 1;
    private static final int HAS_TIMER = 1;
    private static final int HAS_END = 2;

    public ParkedStatus {
        requireNonNull(lifecycle, "lifecycle is null");
        requireNonNull(nextTimer, "nextTimer is null");
        requireNonNull(terminatedAt, "terminatedAt is null");
    }

    /** The status of an object folded to {@code state}. */
    public static ParkedStatus of(FoldedState state) {
        Instant earliest = null;
        if (state.lifecycle() == Lifecycle.DORMANT) {
            for (ReentryCondition c : state.pending()) {
                if (c.hasAt()) {
                    Instant at = Timestamps.toInstant(c.getAt());
                    earliest = earliest == null || at.isBefore(earliest) ? at : earliest;
                }
            }
        }
        return new ParkedStatus(
                state.lifecycle(),
                Optional.ofNullable(earliest),
                state.lastAction() == Action.ACTION_TERMINATE ? Optional.of(state.lastTime()) : Optional.empty());
    }

    /** Whether the object terminated before {@code cutoff}. */
    public boolean terminatedBefore(Instant cutoff) {
        return terminatedAt.map(t -> t.isBefore(cutoff)).orElse(false);
    }

    /** Version 1: version, lifecycle, flags, then each present instant as epoch seconds (8) and nanos (4). */
    public byte[] encode() {
        ByteBuffer b =
                ByteBuffer.allocate(3 + 12 * (nextTimer.isPresent() ? 1 : 0) + 12 * (terminatedAt.isPresent() ? 1 : 0));
        b.put(VERSION)
                .put(
                        switch (lifecycle) {
                            case ACTIVE -> (byte) 1;
                            case DORMANT -> (byte) 2;
                            case TERMINATED -> (byte) 3;
                        })
                .put((byte) ((nextTimer.isPresent() ? HAS_TIMER : 0) | (terminatedAt.isPresent() ? HAS_END : 0)));
        nextTimer.ifPresent(t -> b.putLong(t.getEpochSecond()).putInt(t.getNano()));
        terminatedAt.ifPresent(t -> b.putLong(t.getEpochSecond()).putInt(t.getNano()));
        return b.array();
    }

    /** The status in {@code bytes}; empty when there is none ({@code bytes} empty) or it is of an unknown version. */
    public static Optional<ParkedStatus> decode(byte[] bytes) {
        if (bytes.length < 3 || bytes[0] != VERSION) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        Lifecycle lifecycle = switch (b.get()) {
            case 1 -> Lifecycle.ACTIVE;
            case 2 -> Lifecycle.DORMANT;
            case 3 -> Lifecycle.TERMINATED;
            default -> null;
        };
        int flags = b.get();
        if (lifecycle == null || b.remaining() != 12 * (Integer.bitCount(flags & (HAS_TIMER | HAS_END)))) {
            return Optional.empty();
        }
        Optional<Instant> timer = (flags & HAS_TIMER) != 0
                ? Optional.of(Instant.ofEpochSecond(b.getLong(), b.getInt()))
                : Optional.empty();
        Optional<Instant> end =
                (flags & HAS_END) != 0 ? Optional.of(Instant.ofEpochSecond(b.getLong(), b.getInt())) : Optional.empty();
        return Optional.of(new ParkedStatus(lifecycle, timer, end));
    }
}
