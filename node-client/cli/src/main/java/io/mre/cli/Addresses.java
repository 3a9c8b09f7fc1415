package io.mre.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks {@code HOST:PORT} arguments before any connection is tried, so a typo gets a clear message. */
final class Addresses {
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+):(\\d{1,5})");

    private Addresses() {}

    /** {@code value} if it is {@code HOST:PORT} (or a gRPC target URI such as {@code dns:///host:port}). */
    static String check(String option, String value) {
        if (value.contains("://")) {
            return value;
        }
        Matcher m = HOST_PORT.matcher(value);
        if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65535) {
            throw CliException.usage(option + " must be HOST:PORT (e.g. 127.0.0.1:7001), got '" + value + "'");
        }
        return value;
    }
}
