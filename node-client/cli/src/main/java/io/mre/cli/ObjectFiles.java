package io.mre.cli;

import io.mre.engine.MreException;
import io.mre.engine.codec.Limits;
import io.mre.engine.codec.ObjectCodec;
import io.mre.proto.v1.ExecutableObject;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Object files: the binary protobuf encoding of {@code mre.v1.ExecutableObject}, exactly as nodes exchange it. */
final class ObjectFiles {
    /** Generous: a file on one's own disk is inspected, not defended against. */
    static final Limits LIMITS = new Limits(512 * 1024 * 1024, 10_000_000);

    private ObjectFiles() {}

    static ExecutableObject read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw CliException.usage((Files.exists(file) ? "not a file: " : "no such object file: ") + file);
        }
        byte[] bytes = Files.readAllBytes(file);
        try {
            return ObjectCodec.parse(bytes, LIMITS);
        } catch (MreException e) {
            throw new MreException(e.code(), file + ": " + e.getMessage(), e.metadata(), e);
        }
    }

    /** Writes {@code object} to {@code file} atomically; refuses to replace a file unless {@code replace}. */
    static void write(Path file, ExecutableObject object, boolean replace) throws IOException {
        if (!replace && Files.exists(file)) {
            throw CliException.usage(file + " already exists (use --force to replace it)");
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, object.toByteArray());
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
