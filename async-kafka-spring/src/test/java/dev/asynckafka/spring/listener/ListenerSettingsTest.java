package dev.asynckafka.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ListenerSettingsTest {
    private static final ListenerSettings D = ListenerSettings.DEFAULTS;

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertThat(D.autoStartup()).isTrue();
        assertThat(D.concurrency()).isEqualTo(8);
        assertThat(D.maxRecordsPerLane()).isEqualTo(100);
        assertThat(D.batchMaxRecords()).isEqualTo(500);
        assertThat(D.commitInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(D.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(D.retry().maxAttempts()).isEqualTo(3);
        assertThat(D.retry().backoff().initial()).isEqualTo(Duration.ofMillis(500));
        assertThat(D.retry().backoff().multiplier()).isEqualTo(2.0);
        assertThat(D.retry().backoff().max()).isEqualTo(Duration.ofSeconds(10));
        assertThat(D.deadLetter().enabled()).isTrue();
        assertThat(D.deadLetter().topicSuffix()).isEqualTo(".DLT");
        assertThat(D.executor()).isEqualTo(ListenerSettings.ExecutorType.AUTO);
    }

    @Test
    void backoffGrowsAndIsCapped() {
        ListenerSettings.Backoff b = D.retry().backoff();
        assertThat(b.delay(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(b.delay(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.delay(3)).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.delay(6)).isEqualTo(Duration.ofSeconds(10));
        assertThat(b.delay(1000)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void invalidValuesNameTheProperty() {
        assertThatThrownBy(() -> D.withConcurrency(0))
                .hasMessageContaining("async-kafka.listener.concurrency must be at least 1, was 0");
        assertThatThrownBy(() -> new ListenerSettings.Retry(0, D.retry().backoff()))
                .hasMessageContaining("async-kafka.listener.retry.max-attempts");
        assertThatThrownBy(() -> new ListenerSettings.Backoff(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(2)))
                .hasMessageContaining("async-kafka.listener.retry.backoff.multiplier");
        assertThatThrownBy(() -> new ListenerSettings.Backoff(Duration.ofSeconds(3), 2, Duration.ofSeconds(2)))
                .hasMessageContaining("async-kafka.listener.retry.backoff.max-delay");
        assertThatThrownBy(() -> new ListenerSettings.DeadLetter(true, ""))
                .hasMessageContaining("async-kafka.listener.dead-letter.topic-suffix");
        assertThatThrownBy(() -> new ListenerSettings(
                        true, 1, 1, 1, Duration.ZERO, Duration.ZERO, D.retry(), D.deadLetter(), D.executor()))
                .hasMessageContaining("async-kafka.listener.commit-interval must be positive");
    }
}
