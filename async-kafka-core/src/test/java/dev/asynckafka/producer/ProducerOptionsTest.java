package dev.asynckafka.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.errors.InvalidConfigurationException;
import dev.asynckafka.record.CompressionType;
import java.time.Duration;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class ProducerOptionsTest {
    private static final ClientOptions CLIENT =
            ClientOptions.builder().bootstrapServers("localhost:9092").build();

    @Test
    void defaultsAreKafkaClientsDefaults() {
        ProducerOptions o = ProducerOptions.of(CLIENT);
        var defaults = ProducerConfig.configDef().defaultValues();
        assertThat(o.acks().configName()).isEqualTo(defaults.get(ProducerConfig.ACKS_CONFIG));
        assertThat(o.enableIdempotence()).isEqualTo(defaults.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
        assertThat(o.batchSize()).isEqualTo(defaults.get(ProducerConfig.BATCH_SIZE_CONFIG));
        assertThat(o.linger().toMillis())
                .isEqualTo(((Number) defaults.get(ProducerConfig.LINGER_MS_CONFIG)).longValue());
        assertThat(o.compressionType().configName()).isEqualTo(defaults.get(ProducerConfig.COMPRESSION_TYPE_CONFIG));
        assertThat(o.bufferMemory()).isEqualTo(defaults.get(ProducerConfig.BUFFER_MEMORY_CONFIG));
        assertThat(o.maxBlock().toMillis()).isEqualTo(defaults.get(ProducerConfig.MAX_BLOCK_MS_CONFIG));
        assertThat(o.maxRequestSize()).isEqualTo(defaults.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        assertThat(o.deliveryTimeout().toMillis())
                .isEqualTo(((Number) defaults.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)).longValue());
        assertThat(o.retries()).isEqualTo(defaults.get(ProducerConfig.RETRIES_CONFIG));
        assertThat(o.partitioner()).isNull();
    }

    @Test
    void explicitIdempotenceWithAcksOneFailsNamingBothSettings() {
        assertThatThrownBy(() -> ProducerOptions.builder(CLIENT)
                        .enableIdempotence(true)
                        .acks(Acks.LEADER)
                        .build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("enable.idempotence")
                .hasMessageContaining("acks=1");
    }

    @Test
    void explicitIdempotenceWithTooManyInFlightFails() {
        ClientOptions six =
                CLIENT.toBuilder().maxInFlightRequestsPerConnection(6).build();
        assertThatThrownBy(() ->
                        ProducerOptions.builder(six).enableIdempotence(true).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("enable.idempotence")
                .hasMessageContaining("max.in.flight.requests.per.connection");
    }

    @Test
    void idempotenceNotSetExplicitlyIsDisabledByConflictingSettings() {
        assertThat(ProducerOptions.builder(CLIENT).acks(Acks.LEADER).build().enableIdempotence())
                .isFalse();
        assertThat(ProducerOptions.builder(CLIENT).retries(0).build().enableIdempotence())
                .isFalse();
    }

    @Test
    void deliveryTimeoutBelowLingerPlusRequestTimeoutFails() {
        assertThatThrownBy(() -> ProducerOptions.builder(CLIENT)
                        .linger(Duration.ofSeconds(1))
                        .deliveryTimeout(Duration.ofSeconds(30))
                        .build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("delivery.timeout.ms")
                .hasMessageContaining("linger.ms")
                .hasMessageContaining("request.timeout.ms");
    }

    @Test
    void outOfRangeValuesFailNamingTheSetting() {
        assertThatThrownBy(() -> ProducerOptions.builder(CLIENT).batchSize(-1).build())
                .hasMessageContaining("batch.size");
        assertThatThrownBy(() -> ProducerOptions.builder(CLIENT).bufferMemory(0).build())
                .hasMessageContaining("buffer.memory");
        assertThatThrownBy(
                        () -> ProducerOptions.builder(CLIENT).maxRequestSize(0).build())
                .hasMessageContaining("max.request.size");
        assertThatThrownBy(() -> ProducerOptions.builder(CLIENT)
                        .linger(Duration.ofMillis(-1))
                        .build())
                .hasMessageContaining("linger.ms");
        assertThatThrownBy(() -> ProducerOptions.builder(CLIENT)
                        .maxBlock(Duration.ofMillis(-1))
                        .build())
                .hasMessageContaining("max.block.ms");
        assertThatThrownBy(() -> ProducerOptions.builder(CLIENT).retries(-1).build())
                .hasMessageContaining("retries");
    }

    @Test
    void settingsAreKept() {
        ProducerOptions o = ProducerOptions.builder(CLIENT)
                .compressionType(CompressionType.LZ4)
                .batchSize(1000)
                .linger(Duration.ofMillis(20))
                .build();
        assertThat(o.compressionType()).isEqualTo(CompressionType.LZ4);
        assertThat(o.batchSize()).isEqualTo(1000);
        assertThat(o.linger()).isEqualTo(Duration.ofMillis(20));
        assertThat(o.client()).isSameAs(CLIENT);
    }

    @Test
    void aTransactionalIdImpliesIdempotenceAndDefaultsItsTimeoutAsKafkaClients() {
        ProducerOptions o =
                ProducerOptions.builder(CLIENT).transactionalId("tx").build();
        assertThat(o.isTransactional()).isTrue();
        assertThat(o.transactionalId()).isEqualTo("tx");
        assertThat(o.enableIdempotence()).isTrue();
        assertThat(o.transactionTimeout().toMillis())
                .isEqualTo(((Number) ProducerConfig.configDef()
                                .defaultValues()
                                .get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG))
                        .longValue());
        assertThat(ProducerOptions.of(CLIENT).isTransactional()).isFalse();
    }

    @Test
    void aTransactionalIdRejectsSettingsThatConflictWithIdempotence() {
        assertThatThrownBy(() -> ProducerOptions.builder(CLIENT)
                        .transactionalId("tx")
                        .acks(Acks.LEADER)
                        .build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("transactional.id")
                .hasMessageContaining("acks=1");
        assertThatThrownBy(() -> ProducerOptions.builder(CLIENT)
                        .transactionalId("tx")
                        .enableIdempotence(false)
                        .build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("transactional.id")
                .hasMessageContaining("enable.idempotence");
        assertThatThrownBy(() -> ProducerOptions.builder(CLIENT)
                        .transactionalId("tx")
                        .retries(0)
                        .build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("retries");
        ClientOptions six =
                CLIENT.toBuilder().maxInFlightRequestsPerConnection(6).build();
        assertThatThrownBy(
                        () -> ProducerOptions.builder(six).transactionalId("tx").build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("max.in.flight.requests.per.connection");
    }

    @Test
    void anEmptyTransactionalIdOrANonPositiveTimeoutIsRejected() {
        assertThatThrownBy(() ->
                        ProducerOptions.builder(CLIENT).transactionalId("").build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("transactional.id");
        assertThatThrownBy(() -> ProducerOptions.builder(CLIENT)
                        .transactionalId("tx")
                        .transactionTimeout(Duration.ZERO)
                        .build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("transaction.timeout.ms");
    }
}
