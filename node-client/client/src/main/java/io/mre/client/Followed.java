package io.mre.client;

import static java.util.Objects.requireNonNull;

import io.mre.proto.v1.ObjectStatus;

/**
 * Where following an object ended: the node that holds it terminated ({@code address}, where {@code Get} returns the
 * final object while the node retains it), its final status, and the seq after its last entry.
 */
public record Followed(String address, ObjectStatus status, long nextSeq) {
    public Followed {
        requireNonNull(address, "address is null");
        requireNonNull(status, "status is null");
    }
}
