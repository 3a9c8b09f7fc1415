package io.mre.spi;

/** A plugin's settings are missing, unknown or malformed; the message names the key. */
public final class InvalidSettingsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidSettingsException(String message) {
        super(message);
    }
}
