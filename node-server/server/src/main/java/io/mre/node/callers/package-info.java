/**
 * Caller authorization: who may ask this node about which object (the default rule, widened or narrowed by the
 * caller authorizers of local policy). Free of gRPC, so every rule is unit-tested without a server.
 */
package io.mre.node.callers;
