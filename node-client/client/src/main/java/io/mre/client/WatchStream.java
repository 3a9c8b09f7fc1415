package io.mre.client;

import static java.util.Objects.requireNonNull;

import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import io.mre.proto.v1.WatchResponse;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The live entries of a watched object, as a blocking iterator. {@link #hasNext()} blocks until the node sends
 * the next entry, and returns false when the node ends the stream (for example once the object terminated) or
 * after {@link #close()}. Failures surface as {@link MreClientException}. Not thread-safe, except {@link #close()},
 * which may be called from another thread to stop a blocked iteration.
 */
public final class WatchStream implements Iterator<WatchResponse>, AutoCloseable {
    private final String target;
    private final Context.CancellableContext context;
    private final Iterator<WatchResponse> responses;
    private volatile boolean closed;

    WatchStream(String target, Context.CancellableContext context, Iterator<WatchResponse> responses) {
        this.target = requireNonNull(target, "target is null");
        this.context = requireNonNull(context, "context is null");
        this.responses = requireNonNull(responses, "responses is null");
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            return false;
        }
        try {
            return responses.hasNext();
        } catch (StatusRuntimeException e) {
            if (closed) {
                return false;
            }
            throw ErrorDecoder.decode(target, e);
        }
    }

    @Override
    public WatchResponse next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the watch stream has ended");
        }
        try {
            return responses.next();
        } catch (StatusRuntimeException e) {
            throw ErrorDecoder.decode(target, e);
        }
    }

    /** The remaining entries as a sequential stream; closing the stream closes this watch. */
    public Stream<WatchResponse> stream() {
        return StreamSupport.stream(
                        Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(this::close);
    }

    /** Cancels the call; a blocked {@link #hasNext()} returns false. */
    @Override
    public void close() {
        closed = true;
        context.cancel(null);
    }
}
