package dev.asynckafka.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaClusterSingleBrokerTest {

    private static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void startCluster() {
        kafka = EmbeddedKafkaCluster.builder().topic("precreated", 3).start();
        System.out.println("1 broker started in " + kafka.startupDuration().toMillis() + " ms");
    }

    @AfterAll
    static void stopCluster() {
        kafka.close();
    }

    @Test
    void reportsOneBrokerOnLoopback() {
        assertThat(kafka.brokerIds()).containsExactly(0);
        assertThat(kafka.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+").isEqualTo(kafka.brokerAddress(0));
        assertThat(kafka.isBrokerRunning(0)).isTrue();
        assertThat(kafka.startupDuration()).isPositive().isLessThan(Duration.ofSeconds(30));
        assertThatThrownBy(() -> kafka.brokerAddress(1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(kafka::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void runsTheLatestProductionMetadataVersion() throws Exception {
        try (Admin admin = KafkaClients.admin(kafka.bootstrapServers())) {
            FinalizedVersionRange metadataVersion = admin.describeFeatures()
                    .featureMetadata()
                    .get()
                    .finalizedFeatures()
                    .get(MetadataVersion.FEATURE_NAME);
            assertThat(metadataVersion.maxVersionLevel())
                    .isEqualTo(MetadataVersion.latestProduction().featureLevel());
        }
    }

    @Test
    void createsTopicsFromTheBuilder() throws Exception {
        try (Admin admin = KafkaClients.admin(kafka.bootstrapServers())) {
            TopicDescription description = admin.describeTopics(List.of("precreated"))
                    .allTopicNames()
                    .get()
                    .get("precreated");
            assertThat(description.partitions()).hasSize(3);
        }
    }

    @Test
    void producesAndConsumes() throws Exception {
        kafka.createTopic("plain", 1, (short) 1);
        kafka.createTopic("plain", 1, (short) 1); // already exists: no error
        KafkaClients.send(kafka.bootstrapServers(), "plain", List.of("hello"));

        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(kafka.bootstrapServers(), Map.of())) {
            consumer.assign(List.of(new TopicPartition("plain", 0)));
            assertThat(KafkaClients.pollValues(consumer, 1)).containsExactly("hello");
        }
    }

    @Test
    void consumerGroupCommitsOffsets() throws Exception {
        kafka.createTopic("grouped", 2, (short) 1);
        KafkaClients.send(kafka.bootstrapServers(), "grouped", List.of("a", "b", "c"));

        try (KafkaConsumer<String, String> consumer =
                KafkaClients.consumer(kafka.bootstrapServers(), Map.of(ConsumerConfig.GROUP_ID_CONFIG, "test-group"))) {
            consumer.subscribe(List.of("grouped"));
            assertThat(KafkaClients.pollValues(consumer, 3)).containsExactlyInAnyOrder("a", "b", "c");
            consumer.commitSync();
        }
        try (Admin admin = KafkaClients.admin(kafka.bootstrapServers())) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("test-group")
                    .partitionsToOffsetAndMetadata()
                    .get();
            assertThat(offsets.values().stream()
                            .mapToLong(OffsetAndMetadata::offset)
                            .sum())
                    .isEqualTo(3);
        }
    }

    @Test
    void transactionalProducerCommits() throws Exception {
        kafka.createTopic("transactional", 1, (short) 1);
        try (KafkaProducer<String, String> producer = KafkaClients.producer(
                kafka.bootstrapServers(), Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-tx"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactional", "k", "committed"));
            producer.commitTransaction();
        }
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(
                kafka.bootstrapServers(), Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
            consumer.assign(List.of(new TopicPartition("transactional", 0)));
            assertThat(KafkaClients.pollValues(consumer, 1)).containsExactly("committed");
        }
    }
}
