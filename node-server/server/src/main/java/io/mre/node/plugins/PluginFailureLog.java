package io.mre.node.plugins;

import static java.util.Objects.requireNonNull;

import io.mre.engine.decide.PluginFailures;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a plugin that threw at WARN, once, with the plugin, the object id, the step and the stack trace — the
 * operator's side of what the entry records as "policy error: …", a failed advice or HANDLER_ERROR (and of a
 * reentry expression evaluator that threw: the expression counts as not holding). Per plugin, at
 * most one such line per {@link #DEFAULT_QUIET_PERIOD}; the failures in between are counted and the next line says
 * how many were not logged, so a plugin failing on every object cannot flood the log.
 */
public final class PluginFailureLog implements PluginFailures {
    private static final Logger LOG = LoggerFactory.getLogger(PluginFailureLog.class);
    /** At most one stack trace per plugin in this time. */
    public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofMinutes(1);

    /** Per plugin: when it was last logged and how many failures were not logged since. */
    private record Window(Instant logged, long suppressed) {}

    private final InstantSource clock;
    private final Duration quietPeriod;
    private final Logger log;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    public PluginFailureLog(InstantSource clock) {
        this(clock, DEFAULT_QUIET_PERIOD, LOG);
    }

    PluginFailureLog(InstantSource clock, Duration quietPeriod, Logger log) {
        this.clock = requireNonNull(clock, "clock is null");
        this.quietPeriod = requireNonNull(quietPeriod, "quietPeriod is null");
        this.log = requireNonNull(log, "log is null");
    }

    @Override
    public void failed(Kind kind, String plugin, String objectId, String stepId, Throwable error) {
        String key = kind + "/" + plugin;
        Instant now = clock.instant();
        long[] notLogged = {-1};
        windows.compute(key, (k, w) -> {
            if (w == null || !now.isBefore(w.logged().plus(quietPeriod))) {
                notLogged[0] = w == null ? 0 : w.suppressed();
                return new Window(now, 0);
            }
            return new Window(w.logged(), w.suppressed() + 1);
        });
        if (notLogged[0] < 0) {
            return;
        }
        try {
            String what = kind.name().toLowerCase(Locale.ROOT);
            String outcome = switch (kind) {
                case POLICY -> "the action is rejected (policy error)";
                case ADVISOR -> "its advice is recorded as failed";
                case HANDLER -> "the step fails with HANDLER_ERROR";
                case EXPRESSION -> "the reentry expression counts as not holding";
            };
            log.warn(
                    "{} '{}' threw on object {} step '{}': {}{}",
                    what,
                    plugin,
                    objectId,
                    stepId,
                    outcome,
                    notLogged[0] == 0
                            ? ""
                            : " (" + notLogged[0] + " more failure(s) of this " + what + " in the last "
                                    + quietPeriod.toSeconds() + " s were not logged)",
                    error);
        } catch (RuntimeException e) {
            // a logging backend failing must not turn a recorded failure into a crashed visit
        }
    }
}
