package io.mre.plugins.timewindow;

import io.mre.plugins.support.Glob;
import io.mre.spi.InvalidSettingsException;
import io.mre.spi.PluginSettings;
import io.mre.spi.Policy;
import io.mre.spi.PolicyFactory;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Creates the {@code time-window} policy. Exactly one kind of window:
 *
 * <pre>{@code
 * - name: time-window
 *   settings:
 *     operations: ["payment.*"]   # which step operations wait for the window (default: all)
 *     zone: Europe/Paris          # business hours (default zone UTC, days MON-FRI)
 *     days: MON-FRI               # a list or comma-separated: MON, MON-FRI, FRI-MON, SAT,SUN
 *     open: "09:00"               # quote times in YAML
 *     close: "17:30"              # before open: the window runs overnight
 *
 * - name: time-window              # a demo window: defer for 3 s after the step is first seen
 *   settings: {operations: [reinsurance.quote], closedFor: 3s}
 *
 * - name: time-window              # open the first 2 s of every 10 s
 *   settings: {openEvery: 10s, openFor: 2s}
 * }</pre>
 */
public final class TimeWindowPolicyFactory implements PolicyFactory {
    /** The name the node's configuration uses. */
    public static final String NAME = "time-window";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Policy create(PluginSettings settings) {
        settings.requireOnly("operations", "zone", "days", "open", "close", "closedFor", "openEvery", "openFor");
        Glob operations = operations(settings);
        boolean schedule =
                has(settings, "open") || has(settings, "close") || has(settings, "zone") || has(settings, "days");
        boolean closedFor = has(settings, "closedFor");
        boolean periodic = has(settings, "openEvery") || has(settings, "openFor");
        int kinds = (schedule ? 1 : 0) + (closedFor ? 1 : 0) + (periodic ? 1 : 0);
        if (kinds != 1) {
            throw new InvalidSettingsException(settings.owner() + ": set exactly one kind of window: open/close"
                    + " (with zone, days), closedFor, or openEvery (with openFor)");
        }
        Window window;
        if (schedule) {
            window = schedule(settings);
        } else if (closedFor) {
            Duration d = settings.duration("closedFor", Duration.ZERO);
            if (d.isNegative() || d.isZero()) {
                throw new InvalidSettingsException(settings.owner() + ": setting 'closedFor' must be positive, got '"
                        + settings.values().get("closedFor") + "'");
            }
            window = new Window.ClosedFor(d);
        } else {
            window = periodic(settings);
        }
        return new TimeWindowPolicy(NAME, operations, window);
    }

    private static Window schedule(PluginSettings settings) {
        ZoneId zone;
        try {
            zone = ZoneId.of(settings.string("zone", "UTC").trim());
        } catch (DateTimeException e) {
            throw new InvalidSettingsException(settings.owner() + ": setting 'zone' must be a time zone such as"
                    + " Europe/Paris or UTC, got '" + settings.values().get("zone") + "'");
        }
        Set<DayOfWeek> days =
                has(settings, "days") ? days(settings) : EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
        LocalTime open = time(settings, "open");
        LocalTime close = time(settings, "close");
        if (open.equals(close)) {
            throw new InvalidSettingsException(settings.owner() + ": settings 'open' and 'close' are both " + open);
        }
        return new Window.Schedule(zone, days, open, close);
    }

    private static Window periodic(PluginSettings settings) {
        if (!has(settings, "openEvery")) {
            throw new InvalidSettingsException(settings.owner() + ": setting 'openFor' needs 'openEvery'");
        }
        Duration every = settings.duration("openEvery", Duration.ZERO);
        Duration openFor = settings.duration("openFor", every.dividedBy(2));
        if (every.toMillis() <= 0) {
            throw new InvalidSettingsException(settings.owner() + ": setting 'openEvery' must be at least 1ms, got '"
                    + settings.values().get("openEvery") + "'");
        }
        if (openFor.toMillis() <= 0 || openFor.compareTo(every) >= 0) {
            throw new InvalidSettingsException(
                    settings.owner() + ": setting 'openFor' must be positive and shorter" + " than openEvery (" + every
                            + "), got '" + settings.values().get("openFor") + "'");
        }
        return new Window.Periodic(every, openFor);
    }

    private static Glob operations(PluginSettings settings) {
        List<String> list = has(settings, "operations") ? settings.strings("operations") : List.of("*");
        if (list.isEmpty()) {
            throw new InvalidSettingsException(
                    settings.owner() + ": setting 'operations' is empty (leave it out for" + " every operation)");
        }
        try {
            return Glob.of(list);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(settings.owner() + ": setting 'operations': " + e.getMessage());
        }
    }

    private static LocalTime time(PluginSettings settings, String key) {
        String text = settings.optionalString(key)
                .orElseThrow(() -> new InvalidSettingsException(settings.owner() + ": setting '" + key
                        + "' is missing (business hours need both open and close)"));
        try {
            return LocalTime.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidSettingsException(settings.owner() + ": setting '" + key + "' must be a time such as"
                    + " \"09:00\" (quote it in YAML), got '" + text + "'");
        }
    }

    private static Set<DayOfWeek> days(PluginSettings settings) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String item : settings.strings("days")) {
            String[] range = item.trim().split("\\s*-\\s*");
            if (range.length == 1) {
                days.add(day(settings, range[0]));
            } else if (range.length == 2) {
                DayOfWeek from = day(settings, range[0]);
                DayOfWeek to = day(settings, range[1]);
                for (DayOfWeek d = from; ; d = d.plus(1)) {
                    days.add(d);
                    if (d == to) {
                        break;
                    }
                }
            } else {
                throw badDay(settings, item);
            }
        }
        if (days.isEmpty()) {
            throw new InvalidSettingsException(settings.owner() + ": setting 'days' lists no day");
        }
        return days;
    }

    private static DayOfWeek day(PluginSettings settings, String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.length() >= 3) {
            for (DayOfWeek d : DayOfWeek.values()) {
                if (d.name().startsWith(t)) {
                    return d;
                }
            }
        }
        throw badDay(settings, text);
    }

    private static InvalidSettingsException badDay(PluginSettings settings, String text) {
        return new InvalidSettingsException(settings.owner() + ": setting 'days' must list days such as MON, TUE"
                + " or ranges such as MON-FRI, got '" + text + "'");
    }

    private static boolean has(PluginSettings settings, String key) {
        return settings.values().containsKey(key);
    }
}
