package dev.asynckafka.reactor;

import dev.asynckafka.ClientOptions;
import dev.asynckafka.common.TopicPartition;
import dev.asynckafka.consumer.AutoOffsetReset;
import dev.asynckafka.consumer.ConsumerOptions;
import dev.asynckafka.serialization.Deserializers;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;

/** Helpers of the receiver and sender tests: kafka-clients as the writer and the oracle. */
final class TestKafka {
    private TestKafka() {}

    /** Writes {@code perPartition} records to each partition, value "p-i" (i from 0), through kafka-clients. */
    static void fill(String bootstrap, String topic, int partitions, int perPartition, String padding) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int part = 0; part < partitions; part++) {
                for (int i = 0; i < perPartition; i++) {
                    producer.send(new ProducerRecord<>(topic, part, Integer.toString(i), part + "-" + i + padding));
                }
            }
            producer.flush();
        }
    }

    static ConsumerOptions.Builder consumerOptions(String bootstrap, @Nullable String group) {
        return ConsumerOptions.builder(
                        ClientOptions.builder().bootstrapServers(bootstrap).build())
                .autoOffsetReset(AutoOffsetReset.EARLIEST)
                .groupId(group)
                .enableAutoCommit(false)
                .heartbeatInterval(java.time.Duration.ofMillis(500))
                .sessionTimeout(java.time.Duration.ofSeconds(10));
    }

    static ReceiverOptions.Builder<String, String> receiverOptions(ConsumerOptions options) {
        return ReceiverOptions.builder(options, Deserializers.string(), Deserializers.string());
    }

    /** The group's committed offsets, read by kafka-clients' Admin; partitions without one absent. */
    static Map<TopicPartition, Long> committed(String bootstrap, String group) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(
                            group)
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> out = new HashMap<>();
            offsets.forEach((tp, om) -> {
                if (om != null) {
                    out.put(new TopicPartition(tp.topic(), tp.partition()), om.offset());
                }
            });
            return out;
        }
    }
}
