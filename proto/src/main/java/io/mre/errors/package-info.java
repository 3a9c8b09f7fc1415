/**
 * MRE's error vocabulary, hand-written beside the generated protos: the error codes ({@link io.mre.errors.ErrorCode})
 * and the {@code google.rpc.ErrorInfo} codec ({@link io.mre.errors.ErrorInfoCodec}) that puts them on a gRPC status
 * and reads them back. The node, its federation client and the Java client all use this one package.
 */
package io.mre.errors;
