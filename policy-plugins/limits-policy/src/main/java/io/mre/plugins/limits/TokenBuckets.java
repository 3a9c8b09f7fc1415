package io.mre.plugins.limits;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per key, refilled at {@code ratePerSecond} up to {@code burst} tokens, driven by the instants
 * it is given (never by a clock of its own), so it is deterministic under a test clock. At most {@code maxKeys}
 * buckets are kept: full buckets are dropped first (a full bucket is the same as a new one); when every kept
 * bucket is in use, new keys share one overflow bucket, so a flood of new keys can neither grow the map nor
 * reset anyone's bucket. Thread-safe.
 */
final class TokenBuckets {
    /** The key new tenants share once {@code maxKeys} buckets are in use. */
    static final String OVERFLOW = "\u0000overflow";

    private final double ratePerSecond;
    private final double burst;
    private final int maxKeys;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile Instant lastSweep = Instant.MIN;

    TokenBuckets(double ratePerSecond, long burst, int maxKeys) {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("ratePerSecond must be positive: " + ratePerSecond);
        }
        if (burst < 1 || maxKeys < 1) {
            throw new IllegalArgumentException("burst and maxKeys must be >= 1");
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.maxKeys = maxKeys;
    }

    /** Takes one token for {@code key}: empty duration when taken, else how long until one is available. */
    Duration take(String key, Instant now) {
        return bucketOf(key, now).take(now, ratePerSecond, burst);
    }

    /**
     * What {@link #take} would answer for {@code key} now, taking nothing (a key not seen yet gets no bucket).
     */
    Duration peek(String key, Instant now) {
        Bucket bucket = buckets.get(key);
        if (bucket == null && buckets.size() >= maxKeys) {
            bucket = buckets.get(OVERFLOW);
        }
        return bucket == null ? Duration.ZERO : bucket.peek(now, ratePerSecond, burst);
    }

    private Bucket bucketOf(String key, Instant now) {
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            if (buckets.size() >= maxKeys && !now.isBefore(lastSweep.plusSeconds(1))) {
                lastSweep = now; // a sweep walks every bucket: at most one a second
                dropFull(now);
            }
            bucket = buckets.size() < maxKeys
                    ? buckets.computeIfAbsent(key, k -> new Bucket(burst, now))
                    : buckets.computeIfAbsent(OVERFLOW, k -> new Bucket(burst, now));
        }
        return bucket;
    }

    int size() {
        return buckets.size();
    }

    private void dropFull(Instant now) {
        buckets.entrySet()
                .removeIf(e -> !e.getKey().equals(OVERFLOW) && e.getValue().isFull(now, ratePerSecond, burst));
    }

    private static final class Bucket {
        private double tokens;
        private Instant updated;

        Bucket(double tokens, Instant updated) {
            this.tokens = tokens;
            this.updated = updated;
        }

        synchronized Duration take(Instant now, double rate, double burst) {
            Duration wait = peek(now, rate, burst);
            if (wait.isZero()) {
                tokens -= 1;
            }
            return wait;
        }

        synchronized Duration peek(Instant now, double rate, double burst) {
            refill(now, rate, burst);
            if (tokens >= 1) {
                return Duration.ZERO;
            }
            double seconds = (1 - tokens) / rate;
            return Duration.ofMillis(Math.max(1, (long) Math.ceil(seconds * 1000)));
        }

        synchronized boolean isFull(Instant now, double rate, double burst) {
            refill(now, rate, burst);
            return tokens >= burst;
        }

        private void refill(Instant now, double rate, double burst) {
            // Evaluations may arrive slightly out of order across threads: time never runs backwards here.
            if (now.isAfter(updated)) {
                double elapsed = Duration.between(updated, now).toNanos() / 1e9;
                tokens = Math.min(burst, tokens + elapsed * rate);
                updated = now;
            }
        }
    }
}
