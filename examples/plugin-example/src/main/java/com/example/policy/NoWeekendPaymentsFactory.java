package com.example.policy;

import io.mre.spi.InvalidSettingsException;
import io.mre.spi.PluginSettings;
import io.mre.spi.Policy;
import io.mre.spi.PolicyFactory;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Creates {@code no-weekend-payments} from its settings in the node's YAML, and refuses bad ones (the node then
 * stops at start-up with a line naming the jar, the policy and the setting).
 *
 * <pre>{@code
 * - name: no-weekend-payments
 *   settings:
 *     maxAmount: 10000                   # required: larger payments wait for the weekend to end
 *     operations: [payment.transfer]     # the operations that are payments (this is the default)
 *     zone: Europe/Paris                 # whose weekend (default UTC)
 *     weekendDays: [SATURDAY, SUNDAY]    # (the default)
 * }</pre>
 */
public final class NoWeekendPaymentsFactory implements PolicyFactory {
    @Override
    public String name() {
        return NoWeekendPayments.NAME;
    }

    @Override
    public Policy create(PluginSettings settings) {
        settings.requireOnly("maxAmount", "operations", "zone", "weekendDays");
        long maxAmount = settings.number("maxAmount");           // required: "missing setting 'maxAmount'"
        List<String> operations = settings.strings("operations");
        return new NoWeekendPayments(maxAmount, operations.isEmpty() ? Set.of("payment.transfer")
                : Set.copyOf(operations), zone(settings), weekendDays(settings));
    }

    private static ZoneId zone(PluginSettings settings) {
        String zone = settings.string("zone", "UTC");
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new InvalidSettingsException(settings.owner() + ": setting 'zone': unknown time zone '" + zone
                    + "'");
        }
    }

    private static Set<DayOfWeek> weekendDays(PluginSettings settings) {
        List<String> names = settings.strings("weekendDays");
        if (names.isEmpty()) {
            return EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String name : names) {
            try {
                days.add(DayOfWeek.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingsException(settings.owner() + ": setting 'weekendDays': '" + name
                        + "' is not a day such as SATURDAY");
            }
        }
        if (days.size() == 7) {
            throw new InvalidSettingsException(settings.owner() + ": setting 'weekendDays' covers the whole week: "
                    + "a deferred payment would never run");
        }
        return days;
    }
}
