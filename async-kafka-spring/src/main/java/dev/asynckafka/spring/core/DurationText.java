package dev.asynckafka.spring.core;

import java.time.Duration;

/**
 * Durations in the form a user writes them in {@code application.yml} ({@code 500ms}, {@code 30s},
 * {@code -100ms}), for messages about configuration: {@link Duration#toString()} would print
 * {@code PT-0.1S}.
 */
public final class DurationText {
    private DurationText() {}

    /**
     * The duration in Spring Boot's simple format, in the largest unit that represents it exactly
     * (days, hours, minutes, seconds, milliseconds, else nanoseconds), with a minus sign when
     * negative.
     *
     * @param duration any duration
     * @return for example {@code 5m}, {@code 1500ms}, {@code -100ms} or {@code 0s}
     */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        String sign = duration.isNegative() ? "-" : "";
        Duration abs = duration.abs();
        if (abs.getNano() % 1_000_000 != 0) {
            return sign + abs.toNanos() + "ns";
        }
        long ms = abs.toMillis();
        if (ms % 86_400_000 == 0) {
            return sign + ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0) {
            return sign + ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return sign + ms / 60_000 + "m";
        }
        if (ms % 1_000 == 0) {
            return sign + ms / 1_000 + "s";
        }
        return sign + ms + "ms";
    }
}
