/** Links between nodes: mutual TLS bound to trust domains, and the caller's identity in each call. */
package io.mre.node.federation;
