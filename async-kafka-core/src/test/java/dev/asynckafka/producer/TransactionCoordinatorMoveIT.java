package dev.asynckafka.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.serialization.Serializers;
import dev.asynckafka.test.EmbeddedKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The transaction coordinator's broker stops in the middle of a transaction (classic protocol, so
 * AddPartitionsToTxn as well as EndTxn must find the new coordinator): the producer looks the
 * coordinator up again and the transaction commits; a read_committed consumer sees every record.
 */
@Timeout(180)
class TransactionCoordinatorMoveIT {
    @Test
    void aTransactionSurvivesItsCoordinatorStopping() throws Exception {
        try (EmbeddedKafkaCluster cluster =
                EmbeddedKafkaCluster.builder().brokers(3).transactionVersion(1).start()) {
            String topic = "moving";
            cluster.createTopic(topic, 3, (short) 3);
            String bootstrap = cluster.bootstrapServers();
            String id = "moving-coordinator";
            AsyncKafkaProducer<String, String> producer = AsyncKafkaProducer.create(
                    ProducerOptions.builder(ClientOptions.builder()
                                    .bootstrapServers(bootstrap)
                                    .build())
                            .transactionalId(id)
                            .maxBlock(Duration.ofSeconds(60))
                            .build(),
                    Serializers.string(),
                    Serializers.string());
            try {
                producer.initTransactions().get(60, TimeUnit.SECONDS);
                producer.beginTransaction().get(10, TimeUnit.SECONDS);
                List<CompletableFuture<RecordMetadata>> sends = new ArrayList<>();
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    expected.add("before-" + i);
                    sends.add(producer.send(new ProducerRecord<>(topic, 0, "k", "before-" + i)));
                }
                for (CompletableFuture<RecordMetadata> s : sends) {
                    s.get(60, TimeUnit.SECONDS);
                }
                int coordinator;
                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                    coordinator = admin.describeTransactions(List.of(id))
                            .description(id)
                            .get(30, TimeUnit.SECONDS)
                            .coordinatorId();
                }
                cluster.stopBroker(coordinator);
                // Partitions 1 and 2 are new to the transaction: AddPartitionsToTxn goes to the new
                // coordinator (after NOT_COORDINATOR, a lost connection, or its loading).
                for (int i = 0; i < 10; i++) {
                    expected.add("after-" + i);
                    sends.add(producer.send(new ProducerRecord<>(topic, 1 + i % 2, "k", "after-" + i)));
                }
                producer.commitTransaction().get(120, TimeUnit.SECONDS);
                for (CompletableFuture<RecordMetadata> s : sends) {
                    assertThat(s.isCompletedExceptionally()).isFalse();
                }
            } finally {
                producer.closeAsync(Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS);
            }

            Map<String, Object> config = new HashMap<>();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            List<String> read = new ArrayList<>();
            try (KafkaConsumer<String, String> c =
                    new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
                List<org.apache.kafka.common.TopicPartition> parts = List.of(
                        new org.apache.kafka.common.TopicPartition(topic, 0),
                        new org.apache.kafka.common.TopicPartition(topic, 1),
                        new org.apache.kafka.common.TopicPartition(topic, 2));
                c.assign(parts);
                c.seekToBeginning(parts);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (read.size() < 20 && System.nanoTime() < deadline) {
                    c.poll(Duration.ofMillis(200)).forEach(r -> read.add(r.value()));
                }
            }
            assertThat(read)
                    .containsExactlyInAnyOrderElementsOf(List.of(
                            "before-0",
                            "before-1",
                            "before-2",
                            "before-3",
                            "before-4",
                            "before-5",
                            "before-6",
                            "before-7",
                            "before-8",
                            "before-9",
                            "after-0",
                            "after-1",
                            "after-2",
                            "after-3",
                            "after-4",
                            "after-5",
                            "after-6",
                            "after-7",
                            "after-8",
                            "after-9"));
        }
    }
}
