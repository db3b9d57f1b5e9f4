package dev.asynckafka.internal.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void growsExponentiallyWithJitterUpToTheCap() {
        Backoff b = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(1));
        assertThat(b.delayNanos(0)).isZero();
        for (int i = 0; i < 200; i++) {
            assertThat(b.delayNanos(1)).isBetween(40_000_000L, 60_000_000L);
            assertThat(b.delayNanos(3)).isBetween(160_000_000L, 240_000_000L);
            assertThat(b.delayNanos(30)).isBetween(800_000_000L, 1_000_000_000L);
            assertThat(b.delayNanos(Integer.MAX_VALUE)).isLessThanOrEqualTo(1_000_000_000L);
        }
    }

    @Test
    void jitterSpreadsDelays() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));
        long first = b.delayNanos(2);
        boolean differs = false;
        for (int i = 0; i < 50 && !differs; i++) {
            differs = b.delayNanos(2) != first;
        }
        assertThat(differs).isTrue();
    }
}
