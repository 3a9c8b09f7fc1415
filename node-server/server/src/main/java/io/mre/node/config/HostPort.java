package io.mre.node.config;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A {@code host:port} address as written in the configuration; IPv6 literals are written {@code [::1]:7443}.
 * The host is kept as text: DNS names are resolved when a connection is made, never at load time.
 */
public record HostPort(String host, int port) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    public HostPort {
        requireNonNull(host, "host is null");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host is blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
    }

    /**
     * Parses {@code host:port} or {@code [v6]:port}.
     *
     * @throws IllegalArgumentException with a message fit to follow "must be host:port, got ..."
     */
    public static HostPort parse(String text) {
        requireNonNull(text, "text is null");
        String s = text.trim();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("must be host:port, got '" + text + "'");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            // An unbracketed IPv6 literal makes the port ambiguous.
            throw new IllegalArgumentException("must be host:port (IPv6 as [addr]:port), got '" + text + "'");
        }
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("must be host:port, got '" + text + "'");
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be host:port, got '" + text + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got '" + text + "'");
        }
        return new HostPort(host, port);
    }

    /**
     * True for {@code localhost} and loopback IP literals. Other names are not resolved (a DNS answer is no
     * ground for serving plaintext), so they count as not loopback.
     */
    public boolean isLoopback() {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!IPV4.matcher(host).matches() && !host.contains(":")) {
            return false;
        }
        try {
            // A literal is parsed without a lookup.
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** A socket address; a DNS name is resolved now. */
    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    /** The same host with another port (e.g. the one a server bound for port 0). */
    public HostPort withPort(int newPort) {
        return new HostPort(host, newPort);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
