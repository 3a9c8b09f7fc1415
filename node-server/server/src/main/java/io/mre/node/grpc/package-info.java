/** The node's gRPC server and the interceptors every call passes through. */
package io.mre.node.grpc;
