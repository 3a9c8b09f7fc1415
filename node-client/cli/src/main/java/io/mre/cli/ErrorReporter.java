package io.mre.cli;

import io.grpc.Status;
import io.mre.cli.intent.IntentFormatException;
import io.mre.client.MreClientException;
import io.mre.engine.MreException;
import io.mre.errors.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Turns any failure into the one line {@code mre} prints and the exit code it ends with. */
final class ErrorReporter {
    /** What to print (without the "mre: " prefix) and how to exit. */
    record Failure(String message, int exitCode) {}

    private ErrorReporter() {}

    static Failure describe(Throwable t) {
        return describe(t, Optional.empty());
    }

    /** {@code tlsFolder}: the --tls folder the command used, named in TLS failures. */
    static Failure describe(Throwable t, Optional<Path> tlsFolder) {
        Failure f = failure(t, tlsFolder);
        // One line, whatever a transport or a library put in its message.
        String line = f.message() == null
                ? t.toString()
                : f.message().strip().lines().findFirst().orElse("").strip();
        return new Failure(line, f.exitCode());
    }

    private static Failure failure(Throwable t, Optional<Path> tlsFolder) {
        return switch (t) {
            case CliException e -> new Failure(e.getMessage(), e.exitCode());
            case MreClientException e -> new Failure(client(e, tlsFolder), ExitCodes.FAILED);
            case IntentFormatException e -> new Failure(e.getMessage(), ExitCodes.USAGE);
            case MreException e ->
                new Failure(
                        e.getMessage(), e.category() == ErrorCode.Category.USER ? ExitCodes.USAGE : ExitCodes.FAILED);
            case UncheckedIOException e -> failure(e.getCause(), tlsFolder);
            case NoSuchFileException e -> new Failure("no such file: " + e.getFile(), ExitCodes.USAGE);
            case FileAlreadyExistsException e ->
                new Failure(e.getFile() + " already exists; not replacing it", ExitCodes.USAGE);
            case AccessDeniedException e -> new Failure("permission denied: " + e.getFile(), ExitCodes.USAGE);
            case IOException e -> new Failure(e.getMessage() == null ? e.toString() : e.getMessage(), ExitCodes.USAGE);
            default ->
                new Failure("unexpected error: " + t + " (run with --verbose for the stack trace)", ExitCodes.FAILED);
        };
    }

    // The JDK's words for the two usual mistakes, in the user's terms.
    private static String tls(String description, Optional<Path> tlsFolder) {
        String folder = tlsFolder.map(Path::toString).orElse("DIR");
        if (description.contains("No subject alternative") || description.contains("No name matching")) {
            return "the node's certificate does not carry the name or address dialled (issue the node's "
                    + "certificate with mre keys init --san NAME, or dial a name it carries: " + description + ")";
        }
        if (description.contains("certification path") || description.contains("PKIX")) {
            return "the node's certificate is not issued by a CA the client trusts (the CA certificates in --tls "
                    + folder + " and --trust; add the node's domain CA with 'mre keys init --partner-ca FILE --out "
                    + folder + "' or --trust FILE|DIR)";
        }
        if (description.contains("certificate_required")
                || description.contains("bad_certificate")
                || description.contains("certificate_unknown")
                || description.contains("unknown_ca")) {
            return "the node did not accept the client certificate (" + folder
                    + "/client.crt must come from a CA the node trusts)";
        }
        return description;
    }

    private static String client(MreClientException e, Optional<Path> tlsFolder) {
        String target = e.target();
        if (e.tlsFailure()) {
            return "TLS handshake with " + target + " failed: " + tls(e.description(), tlsFolder);
        }
        if (e.unreachable()) {
            String why = e.description().isEmpty() ? "unavailable" : e.description();
            return "cannot reach a node at " + target + ": " + why
                    + (why.equals("connection refused") ? "" : " (if the node requires TLS, pass --tls DIR)");
        }
        if (e.statusCode() == Status.Code.DEADLINE_EXCEEDED && e.reason().isEmpty()) {
            return target + " did not answer in time (raise --deadline)";
        }
        String code = e.statusCode() + (e.reason().isEmpty() ? "" : "/" + e.reason());
        return target + ": " + (e.description().isEmpty() ? "failed" : e.description()) + " (" + code + ")";
    }
}
