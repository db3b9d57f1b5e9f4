package dev.asynckafka.internal.network;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with random jitter, as {@code reconnect.backoff.ms} / {@code
 * reconnect.backoff.max.ms} and {@code retry.backoff.ms} / {@code retry.backoff.max.ms} describe:
 * the n-th consecutive failure waits {@code base * 2^(n-1)}, capped at {@code max}, spread by ±20%
 * so that many clients do not retry in lockstep.
 */
public final class Backoff {
    private static final double JITTER = 0.2;

    private final long baseNanos;
    private final long maxNanos;

    public Backoff(Duration base, Duration max) {
        this.baseNanos = base.toNanos();
        this.maxNanos = Math.max(base.toNanos(), max.toNanos());
    }

    /**
     * The wait after the given number of consecutive failures.
     *
     * @param failures consecutive failures so far; 0 means no wait
     */
    public long delayNanos(int failures) {
        if (failures <= 0 || baseNanos == 0) {
            return 0;
        }
        double exp = baseNanos * Math.pow(2, Math.min(failures - 1, 30));
        double capped = Math.min(exp, maxNanos);
        double jitter = 1 + (ThreadLocalRandom.current().nextDouble() * 2 - 1) * JITTER;
        return (long) Math.min(capped * jitter, maxNanos);
    }
}
