package io.mre.spi;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What a {@link CallerAuthorizer} judges: who asks, for what, about which object, and what the node's default
 * rule says.
 *
 * @param caller the client, as its verified certificate names it
 * @param request what it asks for
 * @param signalName for {@link ClientRequest#SIGNAL}, the signal's name; empty otherwise
 * @param object a read-only view of the object as the node holds it (or as the caller sent it inline)
 * @param admittedByDefault whether the node's default rule admits the caller (its domain is the object's owner or
 *     origin domain, or, for a signal, a pending condition of that name lists it)
 */
public record CallerQuery(
        CallerView caller,
        ClientRequest request,
        Optional<String> signalName,
        ObjectView object,
        boolean admittedByDefault) {
    public CallerQuery {
        requireNonNull(caller, "caller is null");
        requireNonNull(request, "request is null");
        requireNonNull(signalName, "signalName is null");
        requireNonNull(object, "object is null");
    }
}
