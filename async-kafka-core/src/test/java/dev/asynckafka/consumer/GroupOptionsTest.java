package dev.asynckafka.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.errors.InvalidConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GroupOptionsTest {
    private static ConsumerOptions.Builder builder() {
        return ConsumerOptions.builder(
                ClientOptions.builder().bootstrapServers("localhost:9092").build());
    }

    @Test
    void defaultsFollowKafkaClients() {
        ConsumerOptions o = builder().build();
        assertThat(o.groupId()).isNull();
        assertThat(o.groupInstanceId()).isNull();
        assertThat(o.sessionTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(o.heartbeatInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(o.maxPollInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(o.rebalanceTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.enableAutoCommit()).isTrue();
        assertThat(o.autoCommitInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.assignors()).extracting(PartitionAssignor::name).containsExactly("range", "cooperative-sticky");
    }

    @Test
    void invalidGroupSettingsNameTheSetting() {
        assertThatThrownBy(() -> builder()
                        .sessionTimeout(Duration.ofSeconds(3))
                        .heartbeatInterval(Duration.ofSeconds(3))
                        .build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("heartbeat.interval.ms");
        assertThatThrownBy(() -> builder().assignorNames("range", "nope").build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("partition.assignment.strategy")
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> builder().assignorNames("range", "range").build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("partition.assignment.strategy");
        assertThatThrownBy(() -> builder().groupInstanceId("i").build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("group.instance.id");
        assertThatThrownBy(() -> builder().maxPollInterval(Duration.ZERO).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("max.poll.interval.ms");
        assertThatThrownBy(
                        () -> builder().rebalanceTimeout(Duration.ofMillis(-1)).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("rebalance.timeout.ms");
    }
}
