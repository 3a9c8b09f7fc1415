package io.mre.cli;

import io.mre.cli.render.Reports;
import io.mre.cli.report.EntryReport;
import io.mre.cli.report.StatusReport;
import io.mre.client.MreClient;
import io.mre.client.WatchStream;
import io.mre.proto.v1.WatchResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Prints an object's entries live, following it from node to node: when an entry delegates the object to a peer
 * whose address it records, the watch moves to that peer (with the same TLS material).
 */
final class Follower {
    /** How following ended: where, with which status, and why. */
    record Result(String address, Optional<StatusReport> status, long nextSeq, End end) {}

    /** Why following stopped. */
    enum End { TERMINATED, STREAM_ENDED, TIMED_OUT }

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
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mre-watch-timeout");
            t.setDaemon(true);
            return t;
        });
        long deadline = timeout.map(t -> System.nanoTime() + t.toNanos()).orElse(Long.MAX_VALUE);
        String at = address;
        long seq = fromSeq;
        Optional<StatusReport> status = Optional.empty();
        try {
            while (true) {
                String next = null;
                AtomicBoolean timedOut = new AtomicBoolean();
                try (MreClient client = remote.connect(at); WatchStream stream = client.watch(objectId, seq)) {
                    if (deadline != Long.MAX_VALUE) {
                        timer.schedule(() -> {
                            timedOut.set(true);
                            stream.close();
                        }, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    }
                    while (stream.hasNext()) {
                        WatchResponse r = stream.next();
                        EntryReport e = r.hasDecoded() ? Reports.entry(r.getDecoded(), r.getEntry()) : Reports.entry(seq, r.getEntry());
                        entries.accept(e);
                        seq = e.seq() + 1;
                        if (r.hasStatus()) {
                            status = Optional.of(Reports.status(r.getStatus()));
                        }
                        if ("TERMINATE".equals(e.action())) {
                            return new Result(at, status, seq, End.TERMINATED);
                        }
                        if (follow && e.delegate() != null && e.delegate().address() != null && !e.delegate().address().equals(at)) {
                            next = e.delegate().address();
                            break;
                        }
                    }
                }
                if (timedOut.get()) {
                    return new Result(at, status, seq, End.TIMED_OUT);
                }
                if (next == null) {
                    return new Result(at, status, seq, End.STREAM_ENDED);
                }
                moves.accept(next);
                at = next;
            }
        } finally {
            timer.shutdownNow();
        }
    }
}
