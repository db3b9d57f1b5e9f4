package dev.asynckafka.spring.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link AsyncKafkaOptionsProvider#fromConfig(Map)}: one Kafka-named map for every kind of client. */
class KafkaConfigOptionsProviderTest {

    @Test
    void aKafkaNamedMapFailsAtOnceNamingTheSetting() {
        assertThatThrownBy(() ->
                        AsyncKafkaOptionsProvider.fromConfig(Map.of("bootstrap.servers", "h:9092", "linger.mss", "5")))
                .isInstanceOf(InvalidAsyncKafkaPropertyException.class)
                .hasMessageStartingWith("linger.mss: unknown Kafka property");
        assertThatThrownBy(() -> AsyncKafkaOptionsProvider.fromConfig(
                        Map.of("bootstrap.servers", "h:9092", "max.poll.interval.ms", "soon")))
                .isInstanceOf(InvalidAsyncKafkaPropertyException.class)
                .hasMessage("max.poll.interval.ms: 'soon' is not a whole number of milliseconds or a Duration");
        AsyncKafkaOptionsProvider options = AsyncKafkaOptionsProvider.fromConfig(
                Map.of("bootstrap.servers", "h:9092", "group.id", "g", "linger.ms", "7", "client.id", "app"));
        assertThat(options.producerOptions("dlt", Map.of()).client().clientId()).isEqualTo("app-dlt");
        assertThat(options.producerOptions(null, Map.of()).linger()).isEqualTo(Duration.ofMillis(7));
        assertThat(options.consumerOptions(null, null, Map.of()).groupId()).isEqualTo("g");
        assertThat(options.consumerOptions("other", null, Map.of()).groupId()).isEqualTo("other");
        assertThat(options.producerOptions(null, Map.of("transactional.id", "tx-1"))
                        .transactionalId())
                .isEqualTo("tx-1");
        assertThatThrownBy(() -> options.adminOptions(null, Map.of("linger.ms", "1")))
                .isInstanceOf(InvalidAsyncKafkaPropertyException.class)
                .hasMessage("linger.ms: does not apply to admin clients");
    }
}
