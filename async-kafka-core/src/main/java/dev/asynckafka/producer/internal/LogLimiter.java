package dev.asynckafka.producer.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Rate limit for log lines, per key: at most one line per key per interval; what is held back is
 * counted so that the next line can say how much was not logged. Event loop only.
 */
final class LogLimiter {
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Map<Object, long[]> state = new HashMap<>();

    /**
     * @param intervalNanos the least time between two lines of one key
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime} outside tests)
     */
    LogLimiter(long intervalNanos, LongSupplier nanoClock) {
        this.intervalNanos = intervalNanos;
        this.nanoClock = nanoClock;
    }

    /** Whether a line of this key may be logged now; if not, it is counted as suppressed. */
    boolean tryAcquire(Object key) {
        long now = nanoClock.getAsLong();
        long[] s = state.get(key);
        if (s == null) {
            state.put(key, new long[] {now, 0});
            return true;
        }
        if (now - s[0] >= intervalNanos) {
            s[0] = now;
            return true;
        }
        s[1]++;
        return false;
    }

    /** How many lines of the key were held back since the last call; resets the count. */
    int takeSuppressed(Object key) {
        long[] s = state.get(key);
        if (s == null) {
            return 0;
        }
        int n = (int) Math.min(Integer.MAX_VALUE, s[1]);
        s[1] = 0;
        return n;
    }
}
