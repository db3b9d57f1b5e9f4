package dev.asynckafka;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;

/**
 * How integration tests wait for a condition: Awaitility, polling every 20 ms from the start, with
 * the condition named in the timeout's message. Generous limits: the suite runs on 2 busy cores.
 */
public final class TestWaits {
    private static final Duration DEFAULT_LIMIT = Duration.ofSeconds(60);

    private TestWaits() {}

    /** Waits up to 60 s until the condition holds; fails naming {@code what} otherwise. */
    public static void waitFor(String what, BooleanSupplier condition) {
        waitFor(what, DEFAULT_LIMIT, condition);
    }

    /** Waits up to {@code limit} until the condition holds; fails naming {@code what} otherwise. */
    public static void waitFor(String what, Duration limit, BooleanSupplier condition) {
        Awaitility.await(what)
                .atMost(limit)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(20))
                .until(condition::getAsBoolean);
    }
}
