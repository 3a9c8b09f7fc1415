package io.mre.cli;

/** The exit codes of {@code mre}, the same for every command. */
final class ExitCodes {
    /** Done; for {@code verify}: the object is valid. */
    static final int OK = 0;
    /** The operation failed: the object is invalid, a node refused or could not be reached, a wait timed out. */
    static final int FAILED = 1;
    /** A usage error: bad options, a missing or unreadable file, an intent file that does not follow the schema. */
    static final int USAGE = 2;

    private ExitCodes() {}
}
