package io.mre.spi;

/** The client requests of a node that a {@link CallerAuthorizer} judges, one per RPC of the client service. */
public enum ClientRequest {
    /** Hand an object to the node to run. */
    SUBMIT,
    /** Ask what the node would do next with an object (dry run). */
    EVALUATE,
    /** Read an object the node holds. */
    GET,
    /** Follow the entries appended to an object the node holds. */
    WATCH,
    /** Send a named signal to an object (recorded in its history). */
    SIGNAL,
    /** Cancel an object (it terminates CANCELLED). */
    CANCEL
}
