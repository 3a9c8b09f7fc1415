package io.mre.it.mesh;

/** A running node of a {@link TestMesh}, in this JVM or in a child process. */
public interface MeshNode extends AutoCloseable {
    NodeOptions options();

    /** {@code 127.0.0.1:<port>} of its gRPC listener. */
    String address();

    default String nodeId() {
        return options().nodeId();
    }

    default String domain() {
        return options().domain();
    }

    /** Stops the node gracefully (drains calls, flushes the store). */
    @Override
    void close();
}
