package io.mre.cli;

import io.mre.cli.render.Reports;
import io.mre.cli.report.EntryReport;
import io.mre.cli.report.StatusReport;
import io.mre.client.Followed;
import io.mre.client.MreClient;
import io.mre.client.MreClientException;
import io.mre.client.WatchStream;
import io.mre.proto.v1.WatchResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Prints an object's entries live. With {@code follow}, it follows the object wherever it goes until it terminates
 * ({@link MreClient#followAsync}: each node that hands the object on says where it went); without, it watches one
 * node until the object terminates or leaves it.
 */
final class Follower {
    /** How following ended: where, with which status, and why. */
    record Result(String address, Optional<StatusReport> status, long nextSeq, End end) {}

    /** Why following stopped. */
    enum End {
        TERMINATED,
        STREAM_ENDED,
        TIMED_OUT
    }

    private final RemoteOptions remote;
    private final Consumer<EntryReport> entries;
    private final Consumer<String> moves;
    private final boolean follow;

    /** {@code entries} receives each entry as it arrives; {@code moves} each address the watch moves to. */
    Follower(RemoteOptions remote, Consumer<EntryReport> entries, Consumer<String> moves, boolean follow) {
        this.remote = remote;
        this.entries = entries;
        this.moves = moves;
        this.follow = follow;
    }

    Result run(String address, String objectId, long fromSeq, Optional<Duration> timeout) {
        return follow ? follow(address, objectId, fromSeq, timeout) : watchOne(address, objectId, fromSeq);
    }

    private Result follow(String address, String objectId, long fromSeq, Optional<Duration> timeout) {
        try (MreClient client = remote.connect(address)) {
            Object printing = new Object();
            CompletableFuture<Followed> f = client.followAsync(
                    objectId,
                    fromSeq,
                    r -> {
                        synchronized (printing) {
                            entries.accept(Reports.entry(r.getDecoded(), r.getEntry()));
                        }
                    },
                    m -> {
                        synchronized (printing) {
                            moves.accept(m.getAddress());
                        }
                    });
            try {
                Followed end = timeout.isPresent() ? f.get(timeout.get().toNanos(), TimeUnit.NANOSECONDS) : f.get();
                return new Result(
                        end.address(), Optional.of(Reports.status(end.status())), end.nextSeq(), End.TERMINATED);
            } catch (TimeoutException e) {
                f.cancel(true);
                return new Result(address, Optional.empty(), fromSeq, End.TIMED_OUT);
            } catch (InterruptedException e) {
                f.cancel(true);
                Thread.currentThread().interrupt();
                return new Result(address, Optional.empty(), fromSeq, End.STREAM_ENDED);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof MreClientException m) {
                    throw m;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private Result watchOne(String address, String objectId, long fromSeq) {
        long seq = fromSeq;
        Optional<StatusReport> status = Optional.empty();
        try (MreClient client = remote.connect(address);
                WatchStream stream = client.watch(objectId, seq)) {
            while (stream.hasNext()) {
                WatchResponse r = stream.next();
                if (r.hasMoved()) {
                    moves.accept(r.getMoved().getAddress() + " (it left this node; --follow follows it)");
                    break;
                }
                if (r.hasStatus()) {
                    status = Optional.of(Reports.status(r.getStatus()));
                }
                if (r.hasEntry()) {
                    EntryReport e = Reports.entry(r.getDecoded(), r.getEntry());
                    entries.accept(e);
                    seq = e.seq() + 1;
                }
            }
        }
        return new Result(
                address,
                status,
                seq,
                status.filter(s -> "TERMINATED".equals(s.lifecycle())).isPresent() ? End.TERMINATED : End.STREAM_ENDED);
    }
}
