package io.mre.client;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.Map;
import javax.net.ssl.SSLException;

/** Turns a failed gRPC call into an {@link MreClientException}, reading the node's {@code ErrorInfo}. */
final class ErrorDecoder {
    /** The {@code ErrorInfo.domain} of errors raised by MRE nodes. */
    static final String DOMAIN = "mre.io";

    private ErrorDecoder() {}

    static MreClientException decode(String target, Throwable failure) {
        if (failure instanceof MreClientException e) {
            return e;
        }
        Status status = Status.fromThrowable(failure);
        String reason = "";
        Map<String, String> metadata = Map.of();
        com.google.rpc.Status rich = StatusProto.fromThrowable(failure);
        if (rich != null) {
            for (Any detail : rich.getDetailsList()) {
                if (detail.is(ErrorInfo.class)) {
                    try {
                        ErrorInfo info = detail.unpack(ErrorInfo.class);
                        reason = info.getReason();
                        metadata = info.getMetadataMap();
                        if (DOMAIN.equals(info.getDomain())) {
                            break;
                        }
                    } catch (InvalidProtocolBufferException e) {
                        // A garbled detail is no reason to hide the status itself.
                    }
                }
            }
        }
        boolean tls = reason.isEmpty() && hasCause(failure, SSLException.class);
        String description = status.getDescription() == null ? "" : status.getDescription();
        if (reason.isEmpty() && status.getCode() == Status.Code.UNAVAILABLE) {
            description = transportDescription(failure, description, tls);
        }
        return new MreClientException(target, status.getCode(), reason, description, metadata, tls, failure);
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
