package io.mre.cli;

/** A failure the CLI reports as one line, with the exit code to end with. */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** A bad command line or unusable input (missing file, bad intent): exit 2. */
    static CliException usage(String message) {
        return new CliException(ExitCodes.USAGE, message);
    }

    /** The operation failed: exit 1. */
    static CliException failed(String message) {
        return new CliException(ExitCodes.FAILED, message);
    }

    int exitCode() {
        return exitCode;
    }
}
