package dev.asynckafka.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.errors.InvalidConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

/** Consumer option defaults match kafka-clients'; invalid values name the setting. */
class ConsumerOptionsTest {
    private static final ClientOptions CLIENT =
            ClientOptions.builder().bootstrapServers("localhost:9092").build();

    @Test
    void defaultsMatchKafkaClients() {
        Map<String, Object> oracle = ConsumerConfig.configDef().defaultValues();
        ConsumerOptions o = ConsumerOptions.of(CLIENT);
        assertThat(o.fetchMinBytes()).isEqualTo(oracle.get(ConsumerConfig.FETCH_MIN_BYTES_CONFIG));
        assertThat(o.fetchMaxBytes()).isEqualTo(oracle.get(ConsumerConfig.FETCH_MAX_BYTES_CONFIG));
        assertThat(o.fetchMaxWait().toMillis())
                .isEqualTo(((Number) oracle.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG)).longValue());
        assertThat(o.maxPartitionFetchBytes()).isEqualTo(oracle.get(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG));
        assertThat(o.autoOffsetReset().configName()).isEqualTo(oracle.get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG));
        assertThat(o.isolationLevel().configName()).isEqualTo(oracle.get(ConsumerConfig.ISOLATION_LEVEL_CONFIG));
        assertThat(o.checkCrcs()).isEqualTo(oracle.get(ConsumerConfig.CHECK_CRCS_CONFIG));
        assertThat(o.clientRack()).isEqualTo(oracle.get(ConsumerConfig.CLIENT_RACK_CONFIG));
        assertThat(o.defaultApiTimeout().toMillis())
                .isEqualTo(((Number) oracle.get(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG)).longValue());
        assertThat(AsyncKafkaConsumer.DEFAULT_MAX_RECORDS)
                .isEqualTo(oracle.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG));
    }

    @Test
    void invalidValuesNameTheSetting() {
        assertThatThrownBy(
                        () -> ConsumerOptions.builder(CLIENT).fetchMinBytes(-1).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("fetch.min.bytes");
        assertThatThrownBy(
                        () -> ConsumerOptions.builder(CLIENT).fetchMaxBytes(0).build())
                .hasMessageContaining("fetch.max.bytes");
        assertThatThrownBy(() -> ConsumerOptions.builder(CLIENT)
                        .fetchMaxWait(Duration.ofMillis(-1))
                        .build())
                .hasMessageContaining("fetch.max.wait.ms");
        assertThatThrownBy(() -> ConsumerOptions.builder(CLIENT)
                        .maxPartitionFetchBytes(0)
                        .build())
                .hasMessageContaining("max.partition.fetch.bytes");
        assertThatThrownBy(() -> ConsumerOptions.builder(CLIENT)
                        .defaultApiTimeout(Duration.ZERO)
                        .build())
                .hasMessageContaining("default.api.timeout.ms");
        assertThatThrownBy(() ->
                        ConsumerOptions.builder(CLIENT).partitionBufferBytes(0).build())
                .hasMessageContaining("partition.buffer.bytes");
        assertThatThrownBy(() -> ConsumerOptions.builder(CLIENT)
                        .partitionBufferBytes(1000)
                        .totalBufferBytes(999)
                        .build())
                .hasMessageContaining("total.buffer.bytes");
        assertThatThrownBy(() -> AutoOffsetReset.forName("smallest"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("auto.offset.reset");
        assertThatThrownBy(() -> IsolationLevel.forName("serializable")).hasMessageContaining("isolation.level");
        assertThat(AutoOffsetReset.forName("Earliest")).isEqualTo(AutoOffsetReset.EARLIEST);
        assertThat(IsolationLevel.forName("read_committed")).isEqualTo(IsolationLevel.READ_COMMITTED);
    }

    @Test
    void badArgumentsToTheConsumerFailFastWithoutIo() {
        try (AsyncKafkaConsumer<String, String> c = AsyncKafkaConsumer.create(
                ConsumerOptions.of(CLIENT),
                dev.asynckafka.serialization.Deserializers.string(),
                dev.asynckafka.serialization.Deserializers.string())) {
            var tp = new dev.asynckafka.common.TopicPartition("t", 0);
            assertThatThrownBy(() -> c.assign(java.util.List.of(new dev.asynckafka.common.TopicPartition("t", -1))))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.seek(tp, 0)).isInstanceOf(IllegalStateException.class);
            c.assign(java.util.List.of(tp));
            assertThatThrownBy(() -> c.seek(tp, -5)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.getMany(Duration.ofSeconds(-1), 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.getMany(java.util.Set.of(), Duration.ofSeconds(1), 1))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.offsetsForTimes(Map.of(tp, -3L))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Compares every field, so a setting added later but missing from toBuilder() fails here. */
    @Test
    void toBuilderKeepsEverySetting() {
        java.util.concurrent.Executor executor = Runnable::run;
        ConsumerOptions o = ConsumerOptions.builder(CLIENT)
                .fetchMinBytes(7)
                .fetchMaxBytes(1000)
                .fetchMaxWait(Duration.ofMillis(123))
                .maxPartitionFetchBytes(999)
                .autoOffsetReset(AutoOffsetReset.EARLIEST)
                .isolationLevel(IsolationLevel.READ_COMMITTED)
                .checkCrcs(false)
                .clientRack("rack-a")
                .defaultApiTimeout(Duration.ofSeconds(9))
                .partitionBufferBytes(4096)
                .totalBufferBytes(1 << 20)
                .executor(executor)
                .groupId("g")
                .groupInstanceId("i")
                .sessionTimeout(Duration.ofSeconds(11))
                .heartbeatInterval(Duration.ofSeconds(2))
                .rebalanceTimeout(Duration.ofSeconds(13))
                .maxPollInterval(Duration.ofSeconds(14))
                .enableAutoCommit(false)
                .autoCommitInterval(Duration.ofSeconds(15))
                .assignorNames("roundrobin")
                .groupProtocol(GroupProtocol.CONSUMER)
                .groupRemoteAssignor("range")
                .build();
        assertThat(o.toBuilder().build()).usingRecursiveComparison().isEqualTo(o);
        assertThat(o.toBuilder().build().groupProtocol()).isEqualTo(GroupProtocol.CONSUMER);
        assertThat(o.toBuilder().build().groupRemoteAssignor()).isEqualTo("range");
        ConsumerOptions changed = o.toBuilder().enableAutoCommit(true).build();
        assertThat(changed.enableAutoCommit()).isTrue();
        assertThat(changed)
                .usingRecursiveComparison()
                .ignoringFields("enableAutoCommit")
                .isEqualTo(o);
    }

    @Test
    void groupProtocolDefaultsToClassicAsInKafkaClients() {
        Map<String, Object> oracle = ConsumerConfig.configDef().defaultValues();
        ConsumerOptions o = ConsumerOptions.of(CLIENT);
        assertThat(o.groupProtocol().configName()).isEqualTo(oracle.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG));
        assertThat(o.groupRemoteAssignor()).isNull();
        assertThat(GroupProtocol.of(" Consumer ")).isEqualTo(GroupProtocol.CONSUMER);
        assertThatThrownBy(() -> GroupProtocol.of("streams")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void remoteAssignorMustBeOneTheBrokerOffers() {
        assertThat(ConsumerOptions.builder(CLIENT)
                        .groupRemoteAssignor("uniform")
                        .build()
                        .groupRemoteAssignor())
                .isEqualTo("uniform");
        assertThat(ConsumerOptions.builder(CLIENT)
                        .groupRemoteAssignor("")
                        .build()
                        .groupRemoteAssignor())
                .isNull();
        assertThatThrownBy(() -> ConsumerOptions.builder(CLIENT)
                        .groupRemoteAssignor("sticky")
                        .build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("group.remote.assignor");
    }
}
