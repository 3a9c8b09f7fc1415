package io.mre.plugins.timewindow;

import static java.util.Objects.requireNonNull;

import io.mre.spi.EntryView;
import io.mre.spi.ObjectView;
import io.mre.spi.StepView;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** When work may run: {@link #nextOpening} is empty while the window is open. Pure functions of their inputs. */
sealed interface Window {
    /** Empty when open at {@code now}; otherwise the instant the window next opens. */
    Optional<Instant> nextOpening(Instant now, ObjectView object, StepView step);

    /** The window in words, for reasons. */
    String describe();

    /**
     * Open on {@code days} from {@code open} to {@code close} in {@code zone}; a window with {@code close}
     * before {@code open} runs overnight into the next day.
     */
    record Schedule(ZoneId zone, Set<DayOfWeek> days, LocalTime open, LocalTime close) implements Window {
        public Schedule {
            requireNonNull(zone, "zone is null");
            days = Set.copyOf(days);
            if (days.isEmpty()) {
                throw new IllegalArgumentException("no days");
            }
            requireNonNull(open, "open is null");
            requireNonNull(close, "close is null");
            if (open.equals(close)) {
                throw new IllegalArgumentException("open and close are both " + open);
            }
        }

        @Override
        public Optional<Instant> nextOpening(Instant now, ObjectView object, StepView step) {
            ZonedDateTime local = now.atZone(zone);
            LocalDate date = local.toLocalDate();
            LocalTime time = local.toLocalTime();
            boolean isOpen = open.isBefore(close)
                    ? days.contains(date.getDayOfWeek()) && !time.isBefore(open) && time.isBefore(close)
                    : days.contains(date.getDayOfWeek()) && !time.isBefore(open)
                            || days.contains(date.minusDays(1).getDayOfWeek()) && time.isBefore(close);
            if (isOpen) {
                return Optional.empty();
            }
            for (int i = 0; i <= 7; i++) {
                LocalDate d = date.plusDays(i);
                if (days.contains(d.getDayOfWeek())) {
                    Instant opening = ZonedDateTime.of(d, open, zone).toInstant();
                    if (opening.isAfter(now)) {
                        return Optional.of(opening);
                    }
                }
            }
            throw new IllegalStateException("no opening within a week"); // unreachable: days is not empty
        }

        @Override
        public String describe() {
            String dayList =
                    days.stream().sorted().map(d -> d.name().substring(0, 3)).collect(Collectors.joining(","));
            return dayList + " " + open + "-" + close + " " + zone;
        }
    }

    /**
     * Closed for {@code closedFor} from the moment the step was first seen: the time of the first entry of the
     * object's history that names the step, or now when no entry does yet. Meant for demos: the first
     * evaluation defers, and the object re-enters by timer moments later.
     */
    record ClosedFor(Duration closedFor) implements Window {
        public ClosedFor {
            requireNonNull(closedFor, "closedFor is null");
            if (closedFor.isNegative() || closedFor.isZero()) {
                throw new IllegalArgumentException("closedFor must be positive");
            }
        }

        @Override
        public Optional<Instant> nextOpening(Instant now, ObjectView object, StepView step) {
            Instant firstSeen = object.history().stream()
                    .filter(e -> e.stepId().equals(step.id()))
                    .map(EntryView::time)
                    .findFirst()
                    .orElse(now);
            Instant opens = firstSeen.plus(closedFor);
            return now.isBefore(opens) ? Optional.of(opens) : Optional.empty();
        }

        @Override
        public String describe() {
            return "closed for " + closedFor.toMillis() + " ms after the step is first seen";
        }
    }

    /** Open for {@code openFor} at the start of every {@code every}, counted from the epoch. */
    record Periodic(Duration every, Duration openFor) implements Window {
        public Periodic {
            requireNonNull(every, "every is null");
            requireNonNull(openFor, "openFor is null");
            if (every.toMillis() <= 0 || openFor.toMillis() <= 0 || openFor.compareTo(every) >= 0) {
                throw new IllegalArgumentException("need 0 < openFor < openEvery (whole milliseconds)");
            }
        }

        @Override
        public Optional<Instant> nextOpening(Instant now, ObjectView object, StepView step) {
            long period = every.toMillis();
            long phase = Math.floorMod(now.toEpochMilli(), period);
            if (phase < openFor.toMillis()) {
                return Optional.empty();
            }
            return Optional.of(Instant.ofEpochMilli(now.toEpochMilli() - phase + period));
        }

        @Override
        public String describe() {
            return "open " + openFor.toMillis() + " ms of every " + every.toMillis() + " ms";
        }
    }
}
