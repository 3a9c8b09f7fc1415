package io.mre.engine;

import static java.util.Objects.requireNonNull;

import io.mre.proto.v1.CallerRef;
import io.mre.proto.v1.SignalRecord;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What arrives with a visit besides the object.
 *
 * @param signals signals to record in the first entry of the visit (and that may wake the object)
 * @param cancelReason present when the visit is a cancellation
 * @param unavailablePeers node ids of peers that could not take custody; the node re-decides without them
 * @param cancelledBy for a cancellation, the client that asked, as the node's TLS session proved it (recorded in
 *     the TERMINATE entry's {@code requested_by})
 */
public record VisitInput(
        List<SignalRecord> signals,
        Optional<String> cancelReason,
        Set<String> unavailablePeers,
        Optional<CallerRef> cancelledBy) {
    /** Nothing besides the object. */
    public static final VisitInput NONE = new VisitInput(List.of(), Optional.empty(), Set.of());

    public VisitInput {
        signals = List.copyOf(signals);
        requireNonNull(cancelReason, "cancelReason is null");
        unavailablePeers = Set.copyOf(unavailablePeers);
        requireNonNull(cancelledBy, "cancelledBy is null");
    }

    /** Input without a named canceller. */
    public VisitInput(List<SignalRecord> signals, Optional<String> cancelReason, Set<String> unavailablePeers) {
        this(signals, cancelReason, unavailablePeers, Optional.empty());
    }

    public static VisitInput signal(SignalRecord signal) {
        return new VisitInput(List.of(signal), Optional.empty(), Set.of());
    }

    public static VisitInput cancel(String reason) {
        return new VisitInput(List.of(), Optional.of(reason), Set.of());
    }

    /** A cancellation asked for by {@code caller}; {@code reason} stays text, the caller is recorded apart. */
    public static VisitInput cancel(String reason, CallerRef caller) {
        return new VisitInput(List.of(), Optional.of(reason), Set.of(), Optional.of(caller));
    }

    public static VisitInput redecide(Set<String> unavailablePeers) {
        return new VisitInput(List.of(), Optional.empty(), unavailablePeers);
    }
}
