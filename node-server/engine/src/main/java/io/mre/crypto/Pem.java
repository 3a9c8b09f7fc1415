package io.mre.crypto;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** PEM (RFC 7468) text encoding of DER blocks, and writing key files that only their owner can read. */
final class Pem {
    static final String CERTIFICATE = "CERTIFICATE";
    static final String PRIVATE_KEY = "PRIVATE KEY";

    private static final Base64.Encoder ENCODER = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private Pem() {}

    static String encode(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + ENCODER.encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    static String encodeAll(String type, List<byte[]> ders) {
        StringBuilder out = new StringBuilder();
        ders.forEach(der -> out.append(encode(type, der)));
        return out.toString();
    }

    /** Every block of {@code type} in {@code text}, in order; other block types are skipped. */
    static List<byte[]> decodeAll(String text, String type) {
        requireNonNull(text, "text is null");
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        List<byte[]> blocks = new ArrayList<>();
        int from = 0;
        while (true) {
            int start = text.indexOf(begin, from);
            if (start < 0) {
                return List.copyOf(blocks);
            }
            int stop = text.indexOf(end, start + begin.length());
            if (stop < 0) {
                throw new IllegalArgumentException("unterminated PEM block " + type);
            }
            String body = text.substring(start + begin.length(), stop);
            try {
                blocks.add(Base64.getMimeDecoder().decode(body));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("PEM block " + type + " is not valid base64", e);
            }
            from = stop + end.length();
        }
    }

    /** Reads every block of {@code type} from {@code file}; an {@link IOException} naming the file if there is none. */
    static List<byte[]> read(Path file, String type) throws IOException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        List<byte[]> blocks;
        try {
            blocks = decodeAll(text, type);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        if (blocks.isEmpty()) {
            throw new IOException(file + ": no PEM block " + type);
        }
        return blocks;
    }

    /**
     * Writes a secret: created with mode 600 from the start (where the file system is POSIX), so it is never
     * readable by others even briefly, and never over an existing file, so an existing key is not lost by mistake.
     */
    static void writeSecret(Path file, String text) throws IOException {
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString(), null, "refusing to overwrite a private key");
        }
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    }

    static void writePublic(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }
}
