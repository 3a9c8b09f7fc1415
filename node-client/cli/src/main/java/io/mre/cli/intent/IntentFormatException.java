package io.mre.cli.intent;

/** An intent file that cannot be turned into an object; the message names the key (as a path) and the problem. */
public final class IntentFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IntentFormatException(String message) {
        super(message);
    }
}
