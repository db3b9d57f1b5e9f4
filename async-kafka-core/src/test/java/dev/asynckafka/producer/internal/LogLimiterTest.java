package dev.asynckafka.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.common.TopicPartition;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(123 * SECOND);
    private final LogLimiter limiter = new LogLimiter(10 * SECOND, clock::get);
    private final TopicPartition p0 = new TopicPartition("t", 0);
    private final TopicPartition p1 = new TopicPartition("t", 1);

    @Test
    void oneLinePerKeyPerIntervalAndTheHeldBackOnesAreCounted() {
        assertThat(limiter.tryAcquire(p0)).isTrue();
        clock.addAndGet(3 * SECOND);
        assertThat(limiter.tryAcquire(p0)).isFalse();
        assertThat(limiter.tryAcquire(p0)).isFalse();
        // Another key has its own budget.
        assertThat(limiter.tryAcquire(p1)).isTrue();
        clock.addAndGet(7 * SECOND);
        assertThat(limiter.tryAcquire(p0)).isTrue();
        assertThat(limiter.takeSuppressed(p0)).isEqualTo(2);
        assertThat(limiter.takeSuppressed(p0)).isZero();
        assertThat(limiter.takeSuppressed(p1)).isZero();
    }

    @Test
    void theIntervalCountsFromTheLastLineLogged() {
        assertThat(limiter.tryAcquire(p0)).isTrue();
        clock.addAndGet(9 * SECOND);
        assertThat(limiter.tryAcquire(p0)).isFalse();
        clock.addAndGet(2 * SECOND);
        assertThat(limiter.tryAcquire(p0)).isTrue();
        clock.addAndGet(9 * SECOND);
        assertThat(limiter.tryAcquire(p0)).isFalse();
    }
}
