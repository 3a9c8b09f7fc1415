package io.mre.spi;

/**
 * Local policy over who may ask the node about an object: widens or narrows the node's default caller rule.
 *
 * <p>Before a node reads or touches an object for a client (Submit, Evaluate, Get, Watch, Signal, Cancel), it asks
 * every enabled authorizer. Any {@link CallerVerdict.Decision#DENY} refuses the caller; otherwise any
 * {@link CallerVerdict.Decision#ALLOW} admits it; otherwise the default rule decides
 * ({@link CallerQuery#admittedByDefault()}). An authorizer that throws or returns {@code null} refuses the caller:
 * caller authorization fails closed. Callers on a plaintext loopback listener carry no certificate; the node
 * trusts them as local and does not ask authorizers about them.
 *
 * <p>Implementations must be thread-safe, fast and free of I/O: they run on every client call.
 */
public interface CallerAuthorizer {
    /** The authorizer's name, as a refusal names it. */
    String name();

    /** Judges {@code query}. */
    CallerVerdict authorize(CallerQuery query);
}
