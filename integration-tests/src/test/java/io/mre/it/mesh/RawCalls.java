package io.mre.it.mesh;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** A gRPC method that sends and receives raw bytes: what a broken or hostile client may put on the wire. */
public final class RawCalls {
    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private RawCalls() {}

    /** The same method (name, type) with byte arrays for request and response. */
    public static <Q, A> MethodDescriptor<byte[], byte[]> raw(MethodDescriptor<Q, A> method) {
        return method.toBuilder(BYTES, BYTES).build();
    }
}
