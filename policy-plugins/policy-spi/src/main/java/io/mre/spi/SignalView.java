package io.mre.spi;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/** A signal recorded in the object's memory. */
public record SignalView(String name, String fromDomain, Map<String, Object> payload, Instant receivedAt) {
    public SignalView {
        requireNonNull(name, "name is null");
        requireNonNull(fromDomain, "fromDomain is null");
        payload = Map.copyOf(payload);
        requireNonNull(receivedAt, "receivedAt is null");
    }
}
