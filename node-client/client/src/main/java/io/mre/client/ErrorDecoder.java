package io.mre.client;

import io.grpc.Status;
import io.mre.errors.DecodedError;
import io.mre.errors.ErrorInfoCodec;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLException;

/**
 * Turns a failed gRPC call into an {@link MreClientException}: the node's {@code ErrorInfo} as the shared codec
 * reads it ({@link ErrorInfoCodec}), and a readable description of failures below MRE (refused, closed, TLS).
 */
final class ErrorDecoder {
    private ErrorDecoder() {}

    static MreClientException decode(String target, Throwable failure) {
        if (failure instanceof MreClientException e) {
            return e;
        }
        DecodedError decoded = ErrorInfoCodec.decode(failure);
        String reason = decoded.reason();
        boolean tls = reason.isEmpty() && hasCause(failure, SSLException.class);
        String description = decoded.description();
        if (reason.isEmpty() && decoded.statusCode() == Status.Code.UNAVAILABLE) {
            description = transportDescription(failure, description, tls);
        }
        return new MreClientException(
                target, decoded.statusCode(), reason, description, decoded.metadata(), tls, failure);
    }

    // Netty's "io exception" says nothing; the root cause ("Connection refused", the TLS alert) says what happened.
    private static String transportDescription(Throwable failure, String description, boolean tls) {
        Throwable root = failure;
        Throwable ssl = null;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            if (root instanceof SSLException) {
                ssl = root;
            }
        }
        if (tls && ssl != null) {
            return messageOf(ssl);
        }
        if (hasCause(failure, ConnectException.class)) {
            return "connection refused";
        }
        if (root instanceof ClosedChannelException) {
            return "connection closed by the node" + (description.isEmpty() ? "" : " (" + firstLine(description) + ")");
        }
        if (root != failure && root.getMessage() != null) {
            return stripAddress(firstLine(root.getMessage()));
        }
        return firstLine(description);
    }

    private static String messageOf(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : firstLine(t.getMessage());
    }

    // Netty appends the channel pipeline on a second line; users need the first.
    private static String firstLine(String s) {
        return s.strip().lines().findFirst().orElse("").strip();
    }

    // "Connection refused: /127.0.0.1:1" → "connection refused"; other messages are kept whole.
    private static String stripAddress(String message) {
        int colon = message.indexOf(": /");
        return colon > 0 ? message.substring(0, colon) : message;
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
